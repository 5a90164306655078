import { notFound, redirect } from "next/navigation";
import { isAppError } from "@connections/core";
import { getConnection } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { SqlConsole } from "./sql-console.tsx";

export const dynamic = "force-dynamic";

export default async function ConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const { id } = await params;
  const connection = await getConnection(await services(), user, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <main>
      <p>
        <a href="/connections">← Connections</a>
      </p>
      <h1>SQL console · {connection.name}</h1>
      <SqlConsole id={connection.id} />
    </main>
  );
}
