"use client";

import { Pencil } from "lucide-react";
import type { LastTest as StoredTest } from "@connections/core";
import { ReadOnlyBadge } from "~/read-only-badge.tsx";
import { Badge } from "~/ui/badge.tsx";
import { Button } from "~/ui/button.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/ui/table.tsx";
import { DeleteConnectionButton } from "./delete-connection-button.tsx";
import { LastTest } from "./last-test.tsx";
import { TestConnectionButton } from "./test-connection-button.tsx";
import { useConnectionTests, type RowTest } from "./use-connection-tests.ts";

/** What the list shows of a connection (its public config only). */
export interface ConnectionSummary {
  id: string;
  name: string;
  typeLabel: string;
  address: string;
  bastion: string | null;
  /** Reached through the customer's agent, which dials out to this service. */
  reverseTunnel: boolean;
  /** How many jump hosts come before the bastion. */
  jumpHosts: number;
  lastTest: StoredTest | null;
  readOnly: boolean;
}

interface RowProps {
  connection: ConnectionSummary;
  test: RowTest | undefined;
  onTest: () => void;
}

/** A table from 640 px up, cards below it: the same rows, the same test state, nothing cut off. */
export function ConnectionList({ connections }: { connections: readonly ConnectionSummary[] }) {
  const { tests, run } = useConnectionTests();
  const rows = connections.map((connection) => ({ connection, test: tests[connection.id], onTest: () => void run(connection.id) }));
  return (
    <>
      <div className="hidden overflow-x-auto rounded-lg border bg-card sm:block">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Name</TableHead>
              <TableHead scope="col" className="hidden lg:table-cell">
                Type
              </TableHead>
              <TableHead scope="col">Host</TableHead>
              <TableHead scope="col">Last test</TableHead>
              <TableHead scope="col" className="text-right">
                Actions
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <ConnectionRow key={row.connection.id} {...row} />
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="flex flex-col gap-3 sm:hidden" aria-label="Connections">
        {rows.map((row) => (
          <ConnectionCard key={row.connection.id} {...row} />
        ))}
      </ul>
    </>
  );
}

function NameLink({ connection }: { connection: ConnectionSummary }) {
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <a
        className="font-medium wrap-anywhere text-foreground underline-offset-2 hover:underline"
        href={`/connections/${connection.id}/console`}
      >
        {connection.name}
      </a>
      {connection.readOnly ? <ReadOnlyBadge /> : null}
    </span>
  );
}

function Address({ connection }: { connection: ConnectionSummary }) {
  return (
    <span className="flex min-w-0 flex-col gap-0.5">
      <span className="font-mono text-xs wrap-anywhere">{connection.address}</span>
      {connection.bastion ? (
        <span className="text-xs wrap-anywhere text-muted-foreground">via {connection.bastion}</span>
      ) : connection.reverseTunnel ? (
        <span className="text-xs text-muted-foreground">via reverse tunnel (your agent)</span>
      ) : (
        <span className="text-xs text-muted-foreground">direct</span>
      )}
    </span>
  );
}

function Actions({ connection, test, onTest }: RowProps) {
  return (
    <div className="flex flex-wrap items-center gap-1.5 sm:justify-end">
      <TestConnectionButton name={connection.name} running={test?.running ?? false} onTest={onTest} />
      <Button asChild size="sm" variant="ghost">
        <a href={`/connections/${connection.id}/edit`} aria-label={`Edit ${connection.name}`}>
          <Pencil aria-hidden />
          Edit
        </a>
      </Button>
      <DeleteConnectionButton id={connection.id} name={connection.name} />
    </div>
  );
}

function ConnectionRow(props: RowProps) {
  const { connection, test } = props;
  return (
    <TableRow>
      <TableCell>
        <NameLink connection={connection} />
        {/* Between 640 and 1024 px the type goes under the name, leaving room for the rest. */}
        <span className="block text-xs text-muted-foreground lg:hidden">{connection.typeLabel}</span>
      </TableCell>
      <TableCell className="hidden whitespace-nowrap lg:table-cell">{connection.typeLabel}</TableCell>
      <TableCell>
        <Address connection={connection} />
      </TableCell>
      <TableCell>
        <LastTest name={connection.name} stored={connection.lastTest} test={test} jumpHosts={connection.jumpHosts} />
      </TableCell>
      <TableCell>
        <Actions {...props} />
      </TableCell>
    </TableRow>
  );
}

function ConnectionCard(props: RowProps) {
  const { connection, test } = props;
  return (
    <li className="flex flex-col gap-3 rounded-lg border bg-card p-4">
      <div className="flex items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <NameLink connection={connection} />
          <Address connection={connection} />
        </div>
        <Badge tone="neutral" className="shrink-0">
          {connection.typeLabel}
        </Badge>
      </div>
      <LastTest name={connection.name} stored={connection.lastTest} test={test} jumpHosts={connection.jumpHosts} />
      <Actions {...props} />
    </li>
  );
}
