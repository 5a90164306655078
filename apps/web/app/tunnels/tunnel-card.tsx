import type { ReactNode } from "react";
import type { Tunnel } from "@connections/core";
import { Badge } from "~/ui/badge.tsx";
import { cn } from "~/ui/cn.ts";
import { utcTime } from "~/utc-time.ts";
import { AcceptHostKeyButton } from "./accept-host-key-button.tsx";

export const STATE_LABELS: Record<Tunnel["state"], string> = {
  connected: "Connected",
  connecting: "Connecting",
  lost: "Lost",
  failed: "Failed",
};
const STATE_TONES: Record<Tunnel["state"], "success" | "info" | "danger"> = {
  connected: "success",
  connecting: "info",
  lost: "danger",
  failed: "danger",
};

const server = ({ user, host, port }: { user: string; host: string; port: number }) => `${user}@${host}:${port}`;

/** The SSH server as user@host:port, or the agent by where it connected from. */
export function tunnelTitle(tunnel: Tunnel): string {
  return tunnel.bastion ? server(tunnel.bastion) : `Agent from ${tunnel.agent?.remote_address ?? "an unknown address"}`;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="text-sm tabular-nums">{children}</dd>
    </div>
  );
}

/** One SSH connection or agent: what it is, its state, its numbers, why it last failed and, for a changed host key, both keys. */
export function TunnelCard({
  tunnel,
  projectId,
  names,
  onChanged,
}: {
  tunnel: Tunnel;
  projectId: string;
  names: Record<string, string>;
  onChanged: () => void;
}) {
  const title = tunnelTitle(tunnel);
  const mismatch = tunnel.host_key_mismatch;
  return (
    <article aria-label={title} className="rounded-lg border bg-card p-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 className="font-mono text-sm font-semibold break-all">{title}</h2>
        <Badge tone={STATE_TONES[tunnel.state]}>{STATE_LABELS[tunnel.state]}</Badge>
        <span className="text-xs text-muted-foreground">
          since <time dateTime={tunnel.since}>{utcTime(tunnel.since, { seconds: true })}</time>
        </span>
      </div>
      <p className="mt-1 text-xs text-muted-foreground">
        {tunnel.kind === "agent"
          ? "Reverse tunnel: the agent connected to this service"
          : tunnel.hops.length > 0
            ? `Through ${tunnel.hops.map(server).join(" → ")}`
            : "Reached directly"}
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Fact term="Channels in use">
          {tunnel.channels_in_use} of {tunnel.channel_limit}
        </Fact>
        <Fact term="Keepalive round trip">{tunnel.keepalive_rtt_ms === null ? "—" : `${Math.round(tunnel.keepalive_rtt_ms)} ms`}</Fact>
        <Fact term="Reconnects">{tunnel.reconnects}</Fact>
        <Fact term="Used by">
          {[
            ...tunnel.connection_ids.map((id) => ({ id, href: `/connections/${id}/console`, what: "" })),
            ...tunnel.chat_connector_ids.map((id) => ({ id, href: "/chat", what: " (your chat)" })),
          ].map(({ id, href, what }, i) => (
            <span key={id}>
              {i > 0 ? ", " : null}
              <a href={href}>{names[id] ?? id}</a>
              {what}
            </span>
          ))}
        </Fact>
      </dl>
      {tunnel.last_error && !mismatch ? (
        // Once connected again, the last error is history: shown, but not as an alarm.
        <div
          className={cn(
            "mt-3 rounded-md border px-3 py-2 text-sm",
            tunnel.state === "connected" ? "bg-muted/50" : "border-danger/30 bg-danger/10",
          )}
        >
          <p className={cn("font-medium", tunnel.state === "connected" ? "text-muted-foreground" : "text-danger")}>
            {tunnel.state === "connected" ? "Last error" : "Error"}: <span className="font-mono">{tunnel.last_error.code}</span> at{" "}
            <time dateTime={tunnel.last_error.at}>{utcTime(tunnel.last_error.at, { seconds: true })}</time>
          </p>
          <p className="mt-1 break-words">{tunnel.last_error.message}</p>
        </div>
      ) : null}
      {mismatch ? (
        <div className="mt-3 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm">
          <p className="font-medium">
            <span className="font-mono">HOST_KEY_MISMATCH</span>: the server shows another host key than the one pinned
            {tunnel.last_error ? (
              <>
                {" "}
                (<time dateTime={tunnel.last_error.at}>{utcTime(tunnel.last_error.at, { seconds: true })}</time>)
              </>
            ) : null}
          </p>
          <dl className="mt-2 grid gap-1">
            <div>
              <dt className="text-xs text-muted-foreground">Pinned (old)</dt>
              <dd className="font-mono text-xs break-all">{mismatch.pinned_fingerprint}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Shown now (new)</dt>
              <dd className="font-mono text-xs break-all">{mismatch.presented_fingerprint}</dd>
            </div>
          </dl>
          <p className="mt-2 text-muted-foreground">
            Accept it only if the server&apos;s key was changed on purpose: compare it with <code>ssh-keygen -lf</code> on the server.
            Otherwise someone may be in the middle.
          </p>
          <div className="mt-2">
            <AcceptHostKeyButton
              projectId={projectId}
              tunnelId={tunnel.id}
              fingerprint={mismatch.presented_fingerprint}
              serverName={title}
              onAccepted={onChanged}
            />
          </div>
        </div>
      ) : null}
    </article>
  );
}
