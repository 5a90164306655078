import { notFound, redirect } from "next/navigation";
import { isAppError } from "@connections/core";
import { getConnection } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
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
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const { id } = await params;
  const connection = await getConnection(await services(), user, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
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
