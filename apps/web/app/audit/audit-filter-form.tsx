import { Filter } from "lucide-react";
import { AUDIT_OUTCOMES } from "@connections/core";
import { Button } from "~/ui/button.tsx";
import { controlClass } from "~/ui/input.tsx";
import { cn } from "~/ui/cn.ts";
import type { AuditFilters } from "./audit-query.ts";

const selectClass = cn(controlClass, "h-9");

function Labelled({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A plain GET form: the filters live in the URL, so a filtered view can be shared and works without scripts. */
export function AuditFilterForm({
  filters,
  projects,
  connections,
}: {
  filters: AuditFilters;
  projects: Array<{ id: string; name: string }>;
  connections: Array<{ id: string; name: string }>;
}) {
  const mine = filters.scope === "mine";
  return (
    <form method="get" action="/audit" className="mb-6 grid grid-cols-1 gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4">
      <Labelled id="audit-scope" label="Log">
        <select id="audit-scope" name="scope" defaultValue={filters.scope} className={selectClass}>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              Project: {project.name}
            </option>
          ))}
          <option value="mine">My own activity</option>
        </select>
      </Labelled>
      <Labelled id="audit-connection" label="Connection">
        <select id="audit-connection" name="connection" defaultValue={filters.connection} className={selectClass} disabled={mine}>
          <option value="">Any connection</option>
          {connections.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.name}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="audit-outcome" label="Outcome">
        <select id="audit-outcome" name="outcome" defaultValue={filters.outcome} className={selectClass}>
          <option value="">Any outcome</option>
          {AUDIT_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome === "ok" ? "Succeeded" : "Failed"}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="audit-actor" label="Who (user, key or email id)">
        <input
          id="audit-actor"
          name="actor"
          defaultValue={filters.actor}
          className={selectClass}
          disabled={mine}
          placeholder="usr_… or key id"
        />
      </Labelled>
      <Labelled id="audit-since" label="From (UTC)">
        <input id="audit-since" name="since" type="date" defaultValue={filters.since} className={selectClass} />
      </Labelled>
      <Labelled id="audit-until" label="To (UTC, inclusive)">
        <input id="audit-until" name="until" type="date" defaultValue={filters.until} className={selectClass} />
      </Labelled>
      <div className="flex items-end gap-2 sm:col-span-2">
        <Button type="submit" variant="primary">
          <Filter aria-hidden />
          Apply filters
        </Button>
        <Button asChild variant="ghost">
          <a href="/audit">Clear</a>
        </Button>
      </div>
    </form>
  );
}
