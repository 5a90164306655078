"use client";

import { History } from "lucide-react";
import { useState } from "react";
import type { StatementHistory } from "@connections/core";
import { Button } from "~/ui/button.tsx";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "~/ui/dropdown-menu.tsx";
import { utcTime } from "~/utc-time.ts";

type Entries = StatementHistory["data"];

const rowCount = (rows: number) => `${rows.toLocaleString("en")} row${rows === 1 ? "" : "s"}`;

/**
 * "History": the signed-in user's recent statements here, newest first, read from the server each
 * time the menu opens; choosing one runs it again.
 */
export function HistoryMenu({ load, onRerun }: { load: () => Promise<StatementHistory>; onRerun: (sql: string) => void }) {
  const [entries, setEntries] = useState<Entries | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function refresh() {
    setProblem(null);
    try {
      setEntries((await load()).data);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <DropdownMenu onOpenChange={(open) => void (open && refresh())}>
      <DropdownMenuTrigger asChild>
        <Button>
          <History aria-hidden />
          History
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-[min(32rem,calc(100vw-1rem))]">
        <DropdownMenuLabel>
          {problem ? `Could not load: ${problem}` : "Your recent statements · choose one to run it again"}
        </DropdownMenuLabel>
        {/* A menu holds items even with nothing to choose (ARIA's required children): these are disabled. */}
        {entries === null && !problem ? <DropdownMenuItem disabled>Loading…</DropdownMenuItem> : null}
        {entries?.length === 0 && !problem ? <DropdownMenuItem disabled>Nothing run here yet</DropdownMenuItem> : null}
        {problem ? (
          <DropdownMenuItem
            onSelect={(event) => {
              event.preventDefault();
              void refresh();
            }}
          >
            Try again
          </DropdownMenuItem>
        ) : null}
        {entries?.map((entry) => (
          <DropdownMenuItem key={entry.sql} onSelect={() => onRerun(entry.sql)} className="flex-col items-start gap-0.5">
            <code className="line-clamp-2 w-full font-mono text-xs break-all">{entry.sql}</code>
            <span className="text-xs text-muted-foreground">
              {utcTime(entry.at)} · {entry.outcome === "ok" ? rowCount(entry.rows ?? 0) : (entry.code ?? "failed")}
            </span>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
