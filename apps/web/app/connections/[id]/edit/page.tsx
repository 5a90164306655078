import { connectionForPage } from "~/server/connection-for-page.ts";
import { Page, PageHeader } from "~/ui/page.tsx";
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
    <Page>
      <PageHeader
        title={`Edit ${connection.name}`}
        back={
          <>
            <a href="/connections">← Connections</a> · <a href={`/connections/${connection.id}/console`}>SQL console</a>
          </>
        }
      />
      <ConnectionForm projectIds={user.projectIds} connection={connection} created={(await searchParams).created === "1"} />
    </Page>
  );
}
