import pg from "pg";

/**
 * A pg Query that fetches at most `limit` rows in the same round trip as the statement itself
 * (Parse, Bind, Describe, Execute(limit), Flush go out together), then closes the portal. pg-cursor
 * sends them in two flushes, and through any SSH bastion the second answer then waits ~40 ms on
 * sshd's Nagle and our delayed ACK.
 */
export class BoundedQuery extends pg.Query {
  truncated = false;

  constructor(text: string, values: unknown[], limit: number) {
    super({ text, values, rowMode: "array", rows: limit } as pg.QueryConfig);
  }

  /** More rows exist than the limit: stop here instead of asking for the next page. */
  handlePortalSuspended(connection: { sync(): void }): void {
    this.truncated = true;
    connection.sync();
  }

  /** Resolves with the rows and fields once the server is ready again. */
  result(): Promise<{ rows: unknown[][]; fields: pg.FieldDef[] }> {
    return new Promise((resolve, reject) => {
      this.once("end", (result: pg.QueryArrayResult) => resolve({ rows: result.rows, fields: result.fields }));
      this.once("error", reject);
    });
  }
}
