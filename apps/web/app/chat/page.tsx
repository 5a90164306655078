import { redirect } from "next/navigation";
import { listChatConnectors } from "@connections/api";
import { cspNonce } from "~/server/csp-nonce.ts";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { Page, PageHeader } from "~/ui/page.tsx";
import { ChatApp } from "./chat-app.tsx";

export const metadata = { title: "Chat · Connections" };
export const dynamic = "force-dynamic";

export default async function ChatPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const { data } = await listChatConnectors(await services(), user);
  return (
    <Page width="wide">
      <PageHeader title="Chat" description="Every message you send runs as SQL on the database you chose; the answer appears below it." />
      <ChatApp initialConnectors={data} nonce={await cspNonce()} />
    </Page>
  );
}
