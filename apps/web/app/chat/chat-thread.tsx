"use client";

import { SendHorizontal } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { CONNECTION_TYPES, type ChatConnector } from "@connections/core";
import { HistoryMenu } from "~/history-menu.tsx";
import { sqlDialectFor } from "~/sql-editor/sql-dialect.ts";
import { SqlEditor } from "~/sql-editor/sql-editor.tsx";
import { trpc } from "~/trpc-client.ts";
import { Button } from "~/ui/button.tsx";
import type { ChatMessage } from "./chat-message.ts";
import { MessageReply } from "./message-reply.tsx";

/** The conversation with one connector: each message is run as SQL and answered below it. */
export function ChatThread({
  connector,
  messages,
  onSend,
  nonce,
}: {
  connector: ChatConnector;
  messages: ChatMessage[];
  onSend: (text: string) => void;
  nonce: string | undefined;
}) {
  const [draft, setDraft] = useState("");
  const end = useRef<HTMLDivElement>(null);
  const lastReply = messages.at(-1)?.reply.state;

  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [messages.length, lastReply]);

  function send(text: string) {
    if (!text.trim()) return;
    onSend(text);
    setDraft("");
  }

  const tunnel = "ssh_tunnel" in connector.config ? connector.config.ssh_tunnel : undefined;
  return (
    <section className="flex min-w-0 flex-col gap-3" aria-label={`Chat with ${connector.name}`}>
      <p className="text-sm break-words text-muted-foreground">
        {CONNECTION_TYPES[connector.type].label} · {connector.config.host}:{connector.config.port}
        {tunnel ? (tunnel.mode === "reverse" ? " · via its agent" : ` · via ${tunnel.host}`) : ""}
        {connector.read_only ? " · read-only: statements that change data are refused" : ""}
      </p>
      {messages.length === 0 ? (
        <p className="text-sm text-muted-foreground">Send SQL to run it on {connector.name}; the answer appears here.</p>
      ) : null}
      <ol className="flex flex-col gap-4" aria-label="Messages" aria-live="polite">
        {messages.map((message, i) => (
          <li key={message.id} className="flex min-w-0 flex-col gap-2">
            <pre className="ml-auto w-fit max-w-full rounded-lg bg-primary/10 px-3 py-2 font-mono text-sm break-words whitespace-pre-wrap">
              {message.text}
            </pre>
            <div className="min-w-0">
              <MessageReply message={message} number={i + 1} connector={connector} />
            </div>
          </li>
        ))}
      </ol>
      <div ref={end} />
      <form
        className="sticky bottom-0 flex flex-col gap-2 border-t bg-background py-3"
        onSubmit={(event) => {
          event.preventDefault();
          send(draft);
        }}
      >
        <span id="chat-message-label" className="text-sm font-medium">
          Message
        </span>
        <SqlEditor
          id="chat-message"
          value={draft}
          onChange={setDraft}
          onSubmit={send}
          submitOnEnter
          dialect={sqlDialectFor(connector.type)}
          label="Message"
          nonce={nonce}
          placeholder="select id, name from items order by id"
          describedBy="chat-message-hint"
          className="[--sql-editor-max:12rem] [--sql-editor-min:4.5rem]"
        />
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span id="chat-message-hint" className="text-sm text-muted-foreground">
            Enter sends, Shift+Enter adds a line
          </span>
          <div className="flex flex-wrap gap-2">
            <HistoryMenu load={() => trpc.chatConnector.history.query({ id: connector.id })} onRerun={onSend} />
            <Button type="submit" variant="primary" disabled={!draft.trim()}>
              <SendHorizontal aria-hidden />
              Send
            </Button>
          </div>
        </div>
      </form>
    </section>
  );
}
