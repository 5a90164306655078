import { connectionForPage } from "~/server/connection-for-page.ts";
import { ConnectionForm } from "../../_form/connection-form.tsx";

export const metadata = { title: "Edit connection" };
export const dynamic = "force-dynamic";

export default async function EditConnectionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const { user, connection } = await connectionForPage((await params).id);
  return (
    <main className="wide">
      <p>
        <a href="/connections">← Connections</a> · <a href={`/connections/${connection.id}/console`}>SQL console</a>
      </p>
      <h1>Edit {connection.name}</h1>
      <ConnectionForm projectIds={user.projectIds} connection={connection} created={(await searchParams).created === "1"} />
    </main>
  );
}
