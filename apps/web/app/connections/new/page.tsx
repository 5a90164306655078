import { redirect } from "next/navigation";
import { currentUser } from "~/server/session.ts";
import { Page, PageHeader } from "~/ui/page.tsx";
import { ConnectionForm } from "../_form/connection-form.tsx";

export const metadata = { title: "New connection" };
export const dynamic = "force-dynamic";

export default async function NewConnectionPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <Page>
      <PageHeader
        title="New connection"
        description="Its database, and the SSH tunnel to reach it if it has no public address. Test before you create it."
        back={<a href="/connections">← Connections</a>}
      />
      {user.projectIds.length === 0 ? (
        <p className="text-danger">You are not a member of any project yet: ask an admin to add you to one.</p>
      ) : (
        <ConnectionForm projectIds={user.projectIds} />
      )}
    </Page>
  );
}
