"use client";

import { ClipboardCopy, Copy } from "lucide-react";
import type { QueryResult } from "@connections/core";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/ui/dropdown-menu.tsx";
import { cellText, rowAsTsv } from "./cell-text.ts";
import { copyText } from "./copy-text.ts";

/** The row number, as a button that opens the row's copy menu: the row as TSV, or one of its values. */
export function RowActions({ columns, row, number }: { columns: QueryResult["columns"]; row: readonly unknown[]; number: number }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={`Row ${number} actions`}
        className="inline-flex h-6 min-w-6 cursor-pointer items-center justify-center gap-1 rounded border-0 bg-transparent px-1 py-0 font-normal text-muted-foreground tabular-nums hover:bg-muted hover:text-foreground data-[state=open]:bg-muted"
      >
        {number}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-80 overflow-y-auto">
        <DropdownMenuItem onSelect={() => void copyText(rowAsTsv(row), `Row ${number}, tab-separated`)}>
          <ClipboardCopy aria-hidden />
          Copy row (TSV)
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Copy a value</DropdownMenuLabel>
        {columns.map((column, c) => (
          <DropdownMenuItem key={c} onSelect={() => void copyText(cellText(row[c]) ?? "", `${column.name} of row ${number}`)}>
            <Copy aria-hidden />
            <span className="truncate">{column.name}</span>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
