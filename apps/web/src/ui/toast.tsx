"use client";

import { CircleAlert, CircleCheck, X } from "lucide-react";
import { Toast as ToastPrimitive } from "radix-ui";
import { useSyncExternalStore } from "react";
import { cn } from "./cn.ts";

interface ToastMessage {
  id: number;
  title: string;
  description?: string;
  tone: "success" | "danger";
}

// One store for the whole page: toast() may be called before a client navigation and the
// Toaster in the root layout, which outlives it, shows the message on the next page.
let messages: ToastMessage[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function publish(next: ToastMessage[]) {
  messages = next;
  for (const listener of listeners) listener();
}

/** Shows a short message in the corner, announced politely to screen readers. */
export function toast(message: Omit<ToastMessage, "id" | "tone"> & { tone?: ToastMessage["tone"] }): void {
  publish([...messages, { tone: "success", ...message, id: nextId++ }]);
}

function dismiss(id: number) {
  publish(messages.filter((message) => message.id !== id));
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function Toaster() {
  const current = useSyncExternalStore(
    subscribe,
    () => messages,
    () => messages,
  );
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={6000}>
      {current.map((message) => (
        <ToastPrimitive.Root
          key={message.id}
          onOpenChange={(open) => (open ? undefined : dismiss(message.id))}
          className={cn(
            "flex items-start gap-3 rounded-lg border bg-card p-3 pr-9 text-sm text-foreground shadow-lg relative",
            message.tone === "danger" ? "border-danger/40" : "border-success/40",
          )}
        >
          {message.tone === "danger" ? (
            <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-danger" />
          ) : (
            <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />
          )}
          <div className="min-w-0">
            <ToastPrimitive.Title className="font-medium">{message.title}</ToastPrimitive.Title>
            {message.description ? (
              <ToastPrimitive.Description className="mt-0.5 text-muted-foreground">{message.description}</ToastPrimitive.Description>
            ) : null}
          </div>
          <ToastPrimitive.Close
            aria-label="Dismiss"
            className="absolute top-2 right-2 inline-flex size-6 cursor-pointer items-center justify-center rounded text-muted-foreground hover:bg-muted"
          >
            <X aria-hidden className="size-3.5" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[60] flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
