"use client";

import { CircleCheck, CircleMinus } from "lucide-react";
import { useEffect, useState } from "react";
import type { AgentStatus } from "@connections/core";
import { Badge } from "~/ui/badge.tsx";
import { utcTime } from "~/utc-time.ts";

const POLL_MS = 3000;

/** "Agent connected · since Dec 4, 12:31 UTC · from 203.0.113.7 · 2 agents", or "No agent connected". */
export function agentStatusText(status: AgentStatus): string {
  if (!status.connected) return "No agent connected";
  return [
    "Agent connected",
    status.since ? `since ${utcTime(status.since)}` : null,
    status.remote_address ? `from ${status.remote_address}` : null,
    `${status.agents} ${status.agents === 1 ? "agent" : "agents"}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * A saved reverse tunnel's agents, asked again every 3 s while the page is visible (and at once
 * when it becomes visible again), announced politely when it changes.
 */
export function AgentStatusBadge({ initial, fetchStatus }: { initial: AgentStatus; fetchStatus: () => Promise<AgentStatus> }) {
  const [status, setStatus] = useState(initial);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const poll = () => {
      if (document.visibilityState !== "visible") return;
      fetchStatus()
        .then((answer) => {
          if (!current) return;
          setStatus(answer);
          setFailure(null);
        })
        .catch((error: unknown) => current && setFailure(error instanceof Error ? error.message : String(error)));
    };
    const timer = setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", poll);
    return () => {
      current = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", poll);
    };
  }, [fetchStatus]);
  const Icon = status.connected ? CircleCheck : CircleMinus;
  return (
    <div aria-live="polite" className="min-w-0 space-y-1">
      <Badge tone={status.connected ? "success" : "neutral"} className="max-w-full whitespace-normal" data-agent-status="">
        <Icon aria-hidden className="shrink-0" />
        <span className="wrap-anywhere">{agentStatusText(status)}</span>
      </Badge>
      {failure ? <p className="text-xs text-danger">Could not refresh the agent status: {failure}</p> : null}
    </div>
  );
}
