// One statement's life in the peer, following Trino's two-phase protocol:
//   POST /v1/statement            -> QUEUED, nextUri .../queued/{id}/{slug}/1, never data
//   GET  .../queued/{id}/{slug}/N -> dispatches (runs the SQL); QUEUED + nextUri .../executing/{id}/{slug}/0,
//                                    or FAILED for statements that do not parse
//   GET  .../executing/.../N      -> columns + one page of rows; nextUri while rows remain
// Tokens behave like Trino's Query: the same token replays the cached page, an older one is
// 410 Gone, an unknown one 404. Cancel turns a live query into FAILED / USER_CANCELED.
import type { EngineResult, SqliteDatabase } from "./engine.ts";
import { toQueryError, TrinoPeerError, type TrinoQueryError } from "./errors.ts";
import { executeStatement, type SessionContext } from "./executor.ts";
import { Slug } from "./ids.ts";
import { serializeQueryResults, statementStats, type QueryResults, type QueryState } from "./protocol.ts";

export type PeerResponse = { status: 200; json: string; headers: Record<string, string> } | { status: 400 | 404 | 410; text: string };

const notFound = (): PeerResponse => ({ status: 404, text: "Query not found" });

export class PeerQuery {
  readonly slug = new Slug();
  private readonly createdAt = Date.now();
  private dispatchedAt: number | undefined;
  private endedAt: number | undefined;
  private state: QueryState = "QUEUED";
  private result: EngineResult | undefined;
  private error: TrinoQueryError | undefined;
  private failedInDispatch = false;
  private responseHeaders: Record<string, string> = {};
  private rowsSent = 0;
  private queuedToken = 0;
  private lastToken: number | null = null;
  private lastPage: PeerResponse | undefined;
  private nextToken: number | null = 0;

  constructor(
    readonly id: string,
    readonly sql: string,
    readonly session: SessionContext,
    private readonly db: SqliteDatabase,
    private readonly pageRows: number,
  ) {}

  infoUri(base: string): string {
    return `${base}/ui/query.html?${this.id}`;
  }

  private times() {
    const now = this.endedAt ?? Date.now();
    const queuedMs = (this.dispatchedAt ?? now) - this.createdAt;
    return { elapsedMs: now - this.createdAt, queuedMs };
  }

  private document(base: string, fields: Partial<QueryResults> & { state: QueryState }): string {
    const { state, ...rest } = fields;
    const total = this.result?.rows.length ?? 0;
    const progress = state === "QUEUED" ? undefined : state === "FINISHED" ? 100 : total ? (100 * this.rowsSent) / total : 0;
    return serializeQueryResults({
      id: this.id,
      infoUri: this.infoUri(base),
      ...rest,
      stats: statementStats(state, { ...this.times(), processedRows: this.rowsSent, progress }),
      ...(state === "FAILED" ? { error: this.error } : {}),
      warnings: [],
    });
  }

  /** The POST response: QUEUED, no columns, no data, a nextUri into the queue. */
  firstResponse(base: string): PeerResponse {
    const nextUri = `${base}/v1/statement/queued/${this.id}/${this.slug.make("QUEUED_QUERY", 1)}/1`;
    return { status: 200, json: this.document(base, { state: "QUEUED", nextUri }), headers: {} };
  }

  // Dispatch = run the statement in SQLite, once. Parse errors fail the query right here (Trino
  // reports them from the queue); all other errors surface on the first executing page.
  private dispatch(): void {
    if (this.dispatchedAt !== undefined || this.state !== "QUEUED") return;
    this.dispatchedAt = Date.now();
    try {
      const execution = executeStatement(this.db, this.sql, this.session);
      this.result = execution.result;
      this.responseHeaders = execution.responseHeaders;
      this.state = "RUNNING";
    } catch (err) {
      const failure = err instanceof TrinoPeerError ? err : new TrinoPeerError("GENERIC_INTERNAL_ERROR", String(err));
      this.fail(toQueryError(failure));
      this.failedInDispatch = failure.errorName === "SYNTAX_ERROR";
    }
  }

  private fail(error: TrinoQueryError): void {
    this.state = "FAILED";
    this.error = error;
    this.endedAt = Date.now();
    if (this.result) this.result = { ...this.result, rows: [] };
  }

  getQueued(base: string, slug: string, token: number): PeerResponse {
    if (!this.slug.isValid("QUEUED_QUERY", slug, token)) return notFound();
    if (token !== this.queuedToken && token !== this.queuedToken + 1) return { status: 410, text: "Invalid token" };
    this.queuedToken = token;
    this.dispatch();
    // Failed before reaching execution (parse error, or canceled while still queued): final answer here.
    if (this.state === "FAILED" && (this.failedInDispatch || this.dispatchedAt === undefined)) {
      return { status: 200, json: this.document(base, { state: "FAILED" }), headers: {} };
    }
    const nextUri = `${base}/v1/statement/executing/${this.id}/${this.slug.make("EXECUTING_QUERY", 0)}/0`;
    return { status: 200, json: this.document(base, { state: "QUEUED", nextUri }), headers: {} };
  }

  getExecuting(base: string, slug: string, token: number): PeerResponse {
    if (!this.slug.isValid("EXECUTING_QUERY", slug, token)) return notFound();
    if (this.lastToken !== null) {
      if (token === this.lastToken && this.lastPage) return this.lastPage; // client retry
      if (token < this.lastToken) return { status: 410, text: "Gone" }; // that page's rows are gone
    }
    if (this.nextToken === null || token !== this.nextToken) return notFound();
    this.dispatch();
    const page = this.nextPage(base, token);
    this.lastToken = token;
    this.lastPage = page;
    return page;
  }

  private nextPage(base: string, token: number): PeerResponse {
    const headers = this.responseHeaders;
    const update =
      this.result?.updateType === undefined ? {} : { updateType: this.result.updateType, updateCount: this.result.updateCount };
    if (this.state === "FAILED" || !this.result) {
      this.nextToken = null;
      return { status: 200, json: this.document(base, { state: "FAILED", ...update }), headers };
    }
    const { columns, types, rows } = this.result;
    const slice = rows.slice(this.rowsSent, this.rowsSent + this.pageRows);
    this.rowsSent += slice.length;
    const more = this.rowsSent < rows.length;
    let nextUri: string | undefined;
    if (more) {
      this.nextToken = token + 1;
      nextUri = `${base}/v1/statement/executing/${this.id}/${this.slug.make("EXECUTING_QUERY", token + 1)}/${token + 1}`;
    } else {
      this.nextToken = null;
      this.state = "FINISHED";
      this.endedAt = Date.now();
    }
    const json = this.document(base, { state: this.state, nextUri, columns, data: { types, rows: slice }, ...update });
    if (!more) this.result = { ...this.result, rows: [] }; // sent in full: free the memory
    return { status: 200, json, headers };
  }

  /** Cancel as Trino does: a query that is not done fails with USER_CANCELED; a done one is left alone. */
  cancel(): void {
    if (this.state === "FINISHED" || this.state === "FAILED") return;
    this.fail(toQueryError(new TrinoPeerError("USER_CANCELED", "Query was canceled")));
  }

  /** A small QueryInfo for GET /v1/query/{id}: the fields trino-client's QueryInfo type names. */
  info(base: string): string {
    const error = this.error;
    return JSON.stringify({
      queryId: this.id,
      session: { user: this.session.user, source: this.session.source, catalog: this.session.catalog, schema: this.session.schema },
      state: this.state,
      self: `${base}/v1/query/${this.id}`,
      query: this.sql,
      ...(this.result?.updateType ? { updateType: this.result.updateType } : {}),
      ...(error
        ? {
            errorType: error.errorType,
            errorCode: { code: error.errorCode, name: error.errorName, type: error.errorType },
            failureInfo: error.failureInfo,
          }
        : {}),
    });
  }
}
