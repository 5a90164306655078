"use client";

import { Waypoints } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { Tunnel } from "@connections/core";
import { trpc } from "~/trpc-client.ts";
import { STATE_LABELS, TunnelCard, tunnelTitle } from "./tunnel-card.tsx";

/** How often the page asks the server again: well inside the 45 s a silent bastion takes to be noticed. */
const REFRESH_MS = 2_000;

/** "app@bastion:22 is now Lost." for each tunnel whose state differs from the last refresh. */
function stateChanges(before: Tunnel[], after: Tunnel[]): string {
  const was = new Map(before.map((tunnel) => [tunnel.id, tunnel.state]));
  return after
    .filter((tunnel) => was.get(tunnel.id) !== tunnel.state)
    .map((tunnel) => `${tunnelTitle(tunnel)} is now ${STATE_LABELS[tunnel.state]}.`)
    .join(" ");
}

/** The project's tunnels, refreshed every two seconds while the page is visible. */
export function LiveTunnels({ projectId, initial, names }: { projectId: string; initial: Tunnel[]; names: Record<string, string> }) {
  const [tunnels, setTunnels] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [refreshAt, setRefreshAt] = useState(0);
  // What changed at the last refresh, for screen readers: the page itself changes without a word.
  const [news, setNews] = useState("");
  const shown = useRef(initial);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      if (document.visibilityState === "visible") {
        try {
          const { data } = await trpc.tunnel.list.query({ project_id: projectId });
          if (stopped) return;
          // The last news stays until there is more: emptying the region would say nothing anyway.
          const changes = stateChanges(shown.current, data);
          if (changes) setNews(changes);
          shown.current = data;
          setTunnels(data);
          setProblem(null);
        } catch (error) {
          if (stopped) return;
          setProblem(`Could not refresh: ${error instanceof Error ? error.message : String(error)}. Showing what was last seen.`);
        }
      }
      if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
    };
    timer = setTimeout(refresh, refreshAt === 0 ? REFRESH_MS : 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [projectId, refreshAt]);

  return (
    <>
      <p aria-live="polite" className="sr-only">
        {news}
      </p>
      {problem ? (
        <p role="alert" className="mb-4 rounded-md border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger">
          {problem}
        </p>
      ) : null}
      {tunnels.length === 0 ? (
        <section className="flex flex-col items-center gap-2 rounded-lg border border-dashed bg-card px-4 py-12 text-center">
          <Waypoints aria-hidden className="size-10 text-muted-foreground" />
          <h2 className="text-lg font-semibold">No tunnel in use</h2>
          <p className="max-w-md text-sm text-muted-foreground">
            A connection through a bastion or an agent shows here once a query has run on it. Tests always connect afresh, so they leave
            nothing here.
          </p>
        </section>
      ) : (
        <ul aria-label="Tunnels" className="flex flex-col gap-3">
          {tunnels.map((tunnel) => (
            <li key={tunnel.id}>
              <TunnelCard tunnel={tunnel} projectId={projectId} names={names} onChanged={() => setRefreshAt(Date.now())} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
