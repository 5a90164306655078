import { redirect } from "next/navigation";
import { CONNECTION_TYPES, type Connection } from "@connections/core";
import { listConnections } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { DeleteConnectionButton } from "./delete-connection-button.tsx";
import { LastTest } from "./last-test.tsx";
import { TestConnectionButton } from "./test-connection-button.tsx";

export const metadata = { title: "Connections" };
export const dynamic = "force-dynamic";

export default async function ConnectionsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const { data } = await listConnections(await services(), user, { limit: 200 });
  return (
    <main className="wide">
      <header className="bar">
        <h1>Connections</h1>
      </header>
      <p>
        <a className="button primary" href="/connections/new">
          New connection
        </a>
      </p>
      {data.length === 0 ? (
        <p className="muted">No connections yet: create one with New connection, or with the API (POST /v1/connections).</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Host</th>
                <th scope="col">Tunnel</th>
                <th scope="col">Last test</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
                <th scope="col">Test</th>
              </tr>
            </thead>
            <tbody>
              {data.map((connection) => (
                <ConnectionRow key={connection.id} connection={connection} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

function ConnectionRow({ connection }: { connection: Connection }) {
  const tunnel = "ssh_tunnel" in connection.config ? connection.config.ssh_tunnel : undefined;
  return (
    <tr>
      <td>
        <a href={`/connections/${connection.id}/console`}>{connection.name}</a>
      </td>
      <td>{CONNECTION_TYPES[connection.type].label}</td>
      <td>
        {connection.config.host}:{connection.config.port}
      </td>
      <td>{tunnel ? <span className="badge">via {tunnel.host}</span> : <span className="muted">direct</span>}</td>
      <td>
        <LastTest result={connection.last_test} />
      </td>
      <td className="row-actions">
        <a className="button" href={`/connections/${connection.id}/edit`} aria-label={`Edit ${connection.name}`}>
          Edit
        </a>
        <DeleteConnectionButton id={connection.id} name={connection.name} />
      </td>
      <td>
        <TestConnectionButton id={connection.id} name={connection.name} />
      </td>
    </tr>
  );
}
