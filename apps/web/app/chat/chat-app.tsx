"use client";

import { useRef, useState } from "react";
import { Pencil, Plus } from "lucide-react";
import { CONNECTION_TYPES, type ChatConnector } from "@connections/core";
import { trpc } from "~/trpc-client.ts";
import { ConfirmDialog } from "~/ui/alert-dialog.tsx";
import { queryError } from "~/query-error.ts";
import { Button } from "~/ui/button.tsx";
import { Tooltip } from "~/ui/tooltip.tsx";
import type { ChatMessage } from "./chat-message.ts";
import { ChatThread } from "./chat-thread.tsx";
import { ConnectModal } from "./connect-modal.tsx";

/**
 * The user's connectors on the left, the chosen one's thread on the right. Threads are kept in
 * this page's memory for the session (per connector); a reload starts them afresh.
 */
export function ChatApp({ initialConnectors, nonce }: { initialConnectors: ChatConnector[]; nonce: string | undefined }) {
  const [connectors, setConnectors] = useState(initialConnectors);
  const [selectedId, setSelectedId] = useState(initialConnectors[0]?.id ?? null);
  const [threads, setThreads] = useState<Record<string, ChatMessage[]>>({});
  const [connecting, setConnecting] = useState(false);
  const [editing, setEditing] = useState<ChatConnector | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const nextId = useRef(1);
  const connectButton = useRef<HTMLButtonElement>(null);
  const focusAfterClose = useRef<"button" | "message">("button");
  const selected = connectors.find((c) => c.id === selectedId) ?? null;

  function updateMessage(connectorId: string, id: number, reply: ChatMessage["reply"]) {
    setThreads((all) => ({ ...all, [connectorId]: (all[connectorId] ?? []).map((m) => (m.id === id ? { ...m, reply } : m)) }));
  }

  async function send(connectorId: string, text: string) {
    const id = nextId.current++;
    setThreads((all) => ({ ...all, [connectorId]: [...(all[connectorId] ?? []), { id, text, reply: { state: "running" } }] }));
    try {
      updateMessage(connectorId, id, { state: "result", result: await trpc.chatConnector.run.mutate({ id: connectorId, text }) });
    } catch (error) {
      updateMessage(connectorId, id, { state: "error", error: queryError(error) });
    }
  }

  // The modal opens from a plain button rather than a dialog trigger, so focus is returned here:
  // to the new connector's message box after a save, otherwise to the button.
  function openConnect(open: boolean, connector: ChatConnector | null = null) {
    setConnecting(open);
    if (open) {
      setEditing(connector);
      focusAfterClose.current = "button";
    }
  }
  const focusTarget = () => (focusAfterClose.current === "message" ? document.getElementById("chat-message") : connectButton.current);

  async function remove(connector: ChatConnector) {
    setDeleteError(null);
    try {
      await trpc.chatConnector.delete.mutate({ id: connector.id });
      const rest = connectors.filter((c) => c.id !== connector.id);
      setConnectors(rest);
      setThreads(({ [connector.id]: _dropped, ...others }) => others);
      setSelectedId(rest[0]?.id ?? null);
    } catch (error) {
      setDeleteError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <div className="grid items-start gap-6 md:grid-cols-[minmax(200px,260px)_1fr]">
      <aside className="flex flex-col gap-3">
        <Button ref={connectButton} variant="primary" onClick={() => openConnect(true)}>
          <Plus aria-hidden />
          Connect a database
        </Button>
        {connectors.length === 0 ? (
          <p className="text-sm text-muted-foreground">No database connected yet.</p>
        ) : (
          <nav aria-label="Your database connectors">
            <ul className="flex flex-col gap-1">
              {connectors.map((connector) => (
                <li key={connector.id} className="flex items-center gap-1">
                  <button
                    type="button"
                    className="flex min-w-0 flex-1 cursor-pointer flex-col rounded-md border border-transparent px-3 py-2 text-left hover:bg-muted aria-[current=true]:border-primary/40 aria-[current=true]:bg-primary/10"
                    aria-current={connector.id === selectedId ? "true" : undefined}
                    onClick={() => setSelectedId(connector.id)}
                  >
                    <span className="font-medium break-words">{connector.name}</span>
                    <span className="text-xs text-muted-foreground">
                      {CONNECTION_TYPES[connector.type].label}
                      {connector.read_only ? " · read-only" : ""}
                    </span>
                  </button>
                  {/* An icon alone: sighted mouse users get its name on hover, as screen readers do from aria-label. */}
                  <Tooltip content={`Edit ${connector.name}`}>
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={`Edit ${connector.name}`}
                      onClick={() => openConnect(true, connector)}
                    >
                      <Pencil aria-hidden />
                    </Button>
                  </Tooltip>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </aside>
      <div className="min-w-0">
        {selected ? (
          <>
            <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
              <h2 className="min-w-0 text-lg font-semibold break-words">{selected.name}</h2>
              <ConfirmDialog
                trigger={<Button size="sm">Delete</Button>}
                title={`Delete ${selected.name}?`}
                description="The connector and its stored secrets are removed. The database itself is not touched."
                confirmLabel="Delete"
                onConfirm={() => void remove(selected)}
              />
            </div>
            {deleteError ? (
              <p role="alert" className="text-sm text-danger">
                {deleteError}
              </p>
            ) : null}
            <ChatThread
              key={selected.id}
              connector={selected}
              messages={threads[selected.id] ?? []}
              onSend={(text) => void send(selected.id, text)}
              nonce={nonce}
            />
          </>
        ) : (
          <p className="text-muted-foreground">Connect a database to start a chat: every message you send runs as SQL on it.</p>
        )}
      </div>
      <ConnectModal
        open={connecting}
        editing={editing}
        onOpenChange={openConnect}
        focusOnClose={focusTarget}
        onSaved={(connector) => {
          focusAfterClose.current = "message";
          setConnectors((all) =>
            all.some((c) => c.id === connector.id) ? all.map((c) => (c.id === connector.id ? connector : c)) : [...all, connector],
          );
          setSelectedId(connector.id);
        }}
      />
    </div>
  );
}
