"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { CONNECTION_TYPES, type ChatConnector } from "@connections/core";
import type { ChatMessage } from "./chat-message.ts";
import { MessageReply } from "./message-reply.tsx";

/** The conversation with one connector: each message is run as SQL and answered below it. */
export function ChatThread({
  connector,
  messages,
  onSend,
}: {
  connector: ChatConnector;
  messages: ChatMessage[];
  onSend: (text: string) => void;
}) {
  const [draft, setDraft] = useState("");
  const end = useRef<HTMLDivElement>(null);
  const lastReply = messages.at(-1)?.reply.state;

  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [messages.length, lastReply]);

  function send() {
    if (!draft.trim()) return;
    onSend(draft);
    setDraft("");
  }

  // Enter sends; Shift+Enter (or Enter while an input method is composing) adds a line.
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  const tunnel = "ssh_tunnel" in connector.config ? connector.config.ssh_tunnel : undefined;
  return (
    <section className="chat-thread" aria-label={`Chat with ${connector.name}`}>
      <p className="muted">
        {CONNECTION_TYPES[connector.type].label} · {connector.config.host}:{connector.config.port}
        {tunnel ? ` · via ${tunnel.host}` : ""}
      </p>
      {messages.length === 0 ? <p className="muted">Send SQL to run it on {connector.name}; the answer appears here.</p> : null}
      <ol className="messages" aria-label="Messages" aria-live="polite">
        {messages.map((message, i) => (
          <li key={message.id} className="message">
            <pre className="message-text">{message.text}</pre>
            <div className="reply">
              <MessageReply message={message} number={i + 1} />
            </div>
          </li>
        ))}
      </ol>
      <div ref={end} />
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <label htmlFor="chat-message">Message</label>
        <textarea
          id="chat-message"
          rows={3}
          spellCheck={false}
          value={draft}
          placeholder="select id, name from items order by id"
          aria-describedby="chat-message-hint"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="composer-actions">
          <span id="chat-message-hint" className="muted">
            Enter sends, Shift+Enter adds a line
          </span>
          <button type="submit" className="primary" disabled={!draft.trim()}>
            Send
          </button>
        </div>
      </form>
    </section>
  );
}
