import type { AuditEvent } from "@connections/core";
import { utcTime } from "~/utc-time.ts";
import { Badge } from "~/ui/badge.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/ui/table.tsx";

const ACTOR_LABELS: Record<AuditEvent["actor"]["type"], string> = {
  user: "User",
  access_key: "Access key",
  operator: "Admin CLI",
  anonymous: "Unknown account",
};

function Actor({ actor, you }: { actor: AuditEvent["actor"]; you: string }) {
  return (
    <span className="flex flex-col">
      <span className="text-xs text-muted-foreground">{ACTOR_LABELS[actor.type]}</span>
      <span className="font-mono text-xs whitespace-nowrap">{actor.type === "user" && actor.id === you ? "you" : actor.id}</span>
    </span>
  );
}

/** One row per call, newest first: when, who, what, where, how it ended, and a query's statement. */
export function AuditTable({ events, names, you }: { events: AuditEvent[]; names: Map<string, string>; you: string }) {
  return (
    // Focusable, so a keyboard can scroll the table sideways on a narrow screen.
    <div
      className="overflow-x-auto rounded-lg border focus-visible:outline-2 focus-visible:outline-ring"
      tabIndex={0}
      role="region"
      aria-label="Audit rows"
    >
      <Table aria-label="Audit log">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Connection</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead className="text-right">Time · rows</TableHead>
            <TableHead>From</TableHead>
            <TableHead>Statement</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => (
            <TableRow key={event.id}>
              <TableCell className="whitespace-nowrap">
                <time dateTime={event.at}>{utcTime(event.at)}</time>
              </TableCell>
              <TableCell>
                <Actor actor={event.actor} you={you} />
              </TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{event.action}</TableCell>
              <TableCell className="text-sm">
                {event.connection_id
                  ? (names.get(event.connection_id) ?? <span className="font-mono text-xs">{event.connection_id}</span>)
                  : null}
                {event.target_id ? <span className="font-mono text-xs">{event.target_id}</span> : null}
              </TableCell>
              <TableCell>
                {event.outcome === "ok" ? <Badge tone="success">ok</Badge> : <Badge tone="danger">{event.code ?? "error"}</Badge>}
              </TableCell>
              <TableCell className="text-right text-xs whitespace-nowrap tabular-nums">
                {event.duration_ms === undefined ? "" : `${Math.round(event.duration_ms)} ms`}
                {event.rows === undefined ? "" : ` · ${event.rows.toLocaleString("en")}`}
              </TableCell>
              <TableCell className="font-mono text-xs">{event.client_address ?? ""}</TableCell>
              <TableCell className="max-w-72">
                {event.sql ? (
                  <code className="line-clamp-2 font-mono text-xs break-all" title={event.sql}>
                    {event.sql}
                  </code>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
