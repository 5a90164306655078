import { redirect } from "next/navigation";
import { currentUser } from "~/server/session.ts";
import { ConnectionForm } from "../_form/connection-form.tsx";

export const metadata = { title: "New connection" };
export const dynamic = "force-dynamic";

export default async function NewConnectionPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <main className="wide">
      <p>
        <a href="/connections">← Connections</a>
      </p>
      <h1>New connection</h1>
      {user.projectIds.length === 0 ? (
        <p className="error">You are not a member of any project yet: ask an admin to add you to one.</p>
      ) : (
        <ConnectionForm projectIds={user.projectIds} />
      )}
    </main>
  );
}
