import { Database, Plus } from "lucide-react";
import { redirect } from "next/navigation";
import { CONNECTION_TYPES, type Connection } from "@connections/core";
import { listConnections } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { Button } from "~/ui/button.tsx";
import { Page, PageHeader } from "~/ui/page.tsx";
import { ConnectionList, type ConnectionSummary } from "./connection-list.tsx";

export const metadata = { title: "Connections" };
export const dynamic = "force-dynamic";

export default async function ConnectionsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const { data } = await listConnections(await services(), user, { limit: 200 });
  return (
    <Page width="wide">
      <PageHeader
        title="Connections"
        description="Databases this project reaches, directly or through an SSH bastion."
        actions={<NewConnectionButton />}
      />
      {data.length === 0 ? <EmptyState /> : <ConnectionList connections={data.map(summaryOf)} />}
    </Page>
  );
}

function NewConnectionButton() {
  return (
    <Button asChild variant="primary">
      <a href="/connections/new">
        <Plus aria-hidden />
        New connection
      </a>
    </Button>
  );
}

function EmptyState() {
  return (
    <section className="flex flex-col items-center gap-3 rounded-lg border border-dashed bg-card px-4 py-12 text-center">
      <Database aria-hidden className="size-10 text-muted-foreground" />
      <h2 className="text-lg font-semibold">No connections yet</h2>
      <p className="max-w-md text-sm text-muted-foreground">Add a database to query it here, in Chat, or from your own code.</p>
      <NewConnectionButton />
      <p className="max-w-md text-xs text-muted-foreground">
        Or create one with the API: <code className="font-mono break-all">POST /v1/connections</code> (
        <a className="text-primary underline underline-offset-2" href="/v1/openapi.json">
          OpenAPI document
        </a>
        ).
      </p>
    </section>
  );
}

function summaryOf(connection: Connection): ConnectionSummary {
  const tunnel = "ssh_tunnel" in connection.config ? connection.config.ssh_tunnel : undefined;
  return {
    id: connection.id,
    name: connection.name,
    typeLabel: CONNECTION_TYPES[connection.type].label,
    address: `${connection.config.host}:${connection.config.port}`,
    bastion: tunnel?.mode === "bastion" ? tunnel.host : null,
    reverseTunnel: tunnel?.mode === "reverse",
    // Absent from a view saved before jump hosts existed.
    jumpHosts: tunnel?.mode === "bastion" ? (tunnel.jump_hosts?.length ?? 0) : 0,
    lastTest: connection.last_test,
    readOnly: connection.read_only,
  };
}
