import { connectionForPage } from "~/server/connection-for-page.ts";
import { SqlConsole } from "./sql-console.tsx";

export const dynamic = "force-dynamic";

export default async function ConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { connection } = await connectionForPage((await params).id);
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
