import { redirect } from "next/navigation";
import { listChatConnectors, listConnections, listProjects, listTunnels } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { Page, PageHeader } from "~/ui/page.tsx";
import { LiveTunnels } from "./live-tunnels.tsx";
import { ProjectPicker } from "./project-picker.tsx";

export const metadata = { title: "Tunnels" };
export const dynamic = "force-dynamic";

export default async function TunnelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const ctx = await services();
  const projects = await listProjects(ctx, user);
  const asked = (await searchParams).project_id;
  const project = projects.find((p) => p.id === asked) ?? projects[0];
  const header = (
    <PageHeader
      title="Tunnels"
      description="The SSH connections your queries and chats go through, and the agents of reverse tunnels, as the server sees them now. A connection shows here once a query has run through it."
    />
  );
  if (!project) {
    return (
      <Page width="wide">
        {header}
        <p className="text-sm text-muted-foreground">You belong to no project yet: ask an administrator to add you to one.</p>
      </Page>
    );
  }
  const [tunnels, connections, connectors] = await Promise.all([
    listTunnels(ctx, user, { project_id: project.id }),
    listConnections(ctx, user, { project_id: project.id, limit: 200 }),
    listChatConnectors(ctx, user),
  ]);
  const names = Object.fromEntries([...connections.data, ...connectors.data].map((c) => [c.id, c.name]));
  return (
    <Page width="wide">
      {header}
      {projects.length > 1 ? <ProjectPicker projects={projects} current={project.id} /> : null}
      <LiveTunnels projectId={project.id} initial={tunnels.data} names={names} />
    </Page>
  );
}
