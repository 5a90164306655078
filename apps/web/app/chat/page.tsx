import { redirect } from "next/navigation";
import { listChatConnectors } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { ChatApp } from "./chat-app.tsx";
import "./chat.css";

export const metadata = { title: "Chat · Connections" };
export const dynamic = "force-dynamic";

export default async function ChatPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const { data } = await listChatConnectors(await services(), user);
  return (
    <main className="chat-page">
      <header className="bar">
        <h1>Chat</h1>
      </header>
      <ChatApp initialConnectors={data} />
    </main>
  );
}
