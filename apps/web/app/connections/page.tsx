import { redirect } from "next/navigation";
import { CONNECTION_TYPES, type Connection } from "@connections/core";
import { listConnections } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { TestConnectionButton } from "./test-connection-button.tsx";

export const metadata = { title: "Connections" };
export const dynamic = "force-dynamic";

export default async function ConnectionsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const { data } = await listConnections(await services(), user, { limit: 200 });
  return (
    <main>
      <header className="bar">
        <h1>Connections</h1>
        <a href="/chat">Chat</a>
        <form action="/sign-out" method="post">
          <span className="muted">{user.email}</span> <button type="submit">Sign out</button>
        </form>
      </header>
      {data.length === 0 ? (
        <p className="muted">No connections yet. Create one with the API (POST /v1/connections).</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Host</th>
              <th scope="col">Tunnel</th>
              <th scope="col">Test</th>
            </tr>
          </thead>
          <tbody>
            {data.map((connection) => (
              <ConnectionRow key={connection.id} connection={connection} />
            ))}
          </tbody>
        </table>
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
        <TestConnectionButton id={connection.id} name={connection.name} />
      </td>
    </tr>
  );
}
