import Link from "next/link";
import { connectionForPage } from "~/server/connection-for-page.ts";
import { cspNonce } from "~/server/csp-nonce.ts";
import { ReadOnlyBadge } from "~/read-only-badge.tsx";
import { Page, PageHeader } from "~/ui/page.tsx";
import { SqlConsole } from "./sql-console.tsx";

export const dynamic = "force-dynamic";

export default async function ConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { connection } = await connectionForPage((await params).id);
  return (
    <Page width="wide">
      <PageHeader
        back={<Link href="/connections">← Connections</Link>}
        title={`SQL console · ${connection.name}`}
        actions={connection.read_only ? <ReadOnlyBadge /> : undefined}
      />
      <SqlConsole id={connection.id} name={connection.name} type={connection.type} nonce={await cspNonce()} />
    </Page>
  );
}
