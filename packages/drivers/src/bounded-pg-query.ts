import pg from "pg";

interface ExtendedProtocol {
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
}

/**
 * A pg Query that returns at most `limit` rows in ONE round trip: Parse, Bind, Describe,
 * Execute(limit + 1) and Sync leave together, and the server answers with the rows and
 * ReadyForQuery in one go. pg's own `rows` option sends Flush instead of Sync and syncs after the
 * answer, a second round trip that through a bastion costs two more hops; pg-cursor is the same.
 * The extra row tells a result of exactly `limit` rows from a truncated one. Rows are emitted one
 * by one ("row"), for readRowsWithinBudget, which also bounds them in bytes.
 */
export class BoundedQuery extends pg.Query {
  declare portal: string;
  private readonly limit: number;

  constructor(text: string, values: unknown[], limit: number) {
    // Extended mode even without parameters: the simple protocol has no row limit.
    super({ text, values, rowMode: "array", queryMode: "extended" } as pg.QueryConfig);
    this.limit = limit;
  }

  /** Called by pg's prepare() after Describe: ask for one row more than the limit, then end the pipeline. */
  _getRows(connection: ExtendedProtocol): void {
    connection.execute({ portal: this.portal, rows: this.limit + 1 });
    connection.sync();
  }

  /** More rows were left in the portal; the Sync already sent closes it, so there is nothing to ask. */
  handlePortalSuspended(): void {}
}
