// The HTTP surface of the peer: Trino's client REST resources, routed to queries.
//   POST   /v1/statement                          (authenticated) new query
//   GET    /v1/statement/queued/{id}/{slug}/{n}   (public: the slug is the capability)
//   DELETE /v1/statement/queued/{id}/{slug}/{n}   cancel -> 204
//   GET    /v1/statement/executing/{id}/{slug}/{n}
//   DELETE /v1/statement/executing/{id}/{slug}/{n} cancel -> 204
//   GET    /v1/query/{id}                         (authenticated) query info, 410 if unknown
//   DELETE /v1/query/{id}                         (authenticated) cancel -> 204, also if unknown
//   GET    /v1/info                               (public) server info
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, WWW_AUTHENTICATE, type PeerCredentials } from "./auth.ts";
import type { SqliteDatabase } from "./engine.ts";
import type { SessionContext } from "./executor.ts";
import { baseUrl, readBody, sendEmpty, sendJson, sendText } from "./http.ts";
import { isQueryId, newCoordinatorId, newQueryId } from "./ids.ts";
import { PeerQuery, type PeerResponse } from "./query.ts";
import { parsePreparedStatements } from "./statements.ts";

export interface PeerState {
  db: SqliteDatabase;
  credentials: PeerCredentials | undefined;
  pageRows: number;
  version: string;
  hostForUrls: string;
  queries: Map<string, PeerQuery>;
  statements: number;
  startedAt: number;
}

const coordinatorId = newCoordinatorId();

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

function send(res: ServerResponse, r: PeerResponse): void {
  if (r.status === 200) sendJson(res, r.json, r.headers);
  else sendText(res, r.status, r.text);
}

function requireAuth(req: IncomingMessage, res: ServerResponse, state: PeerState): string | null {
  const auth = authenticate(req.headers, state.credentials);
  if (auth.ok) return auth.user;
  sendText(res, 401, auth.message, { "WWW-Authenticate": WWW_AUTHENTICATE });
  return null;
}

async function postStatement(req: IncomingMessage, res: ServerResponse, state: PeerState): Promise<void> {
  const user = requireAuth(req, res, state);
  if (user === null) return;
  const sql = await readBody(req);
  if (sql.trim() === "") return sendText(res, 400, "SQL statement is empty");
  const session: SessionContext = {
    // X-Trino-User is the session user; without it, the authenticated user.
    user: header(req, "x-trino-user") ?? user,
    source: header(req, "x-trino-source"),
    catalog: header(req, "x-trino-catalog"),
    schema: header(req, "x-trino-schema"),
    preparedStatements: parsePreparedStatements(req.headers["x-trino-prepared-statement"]),
  };
  state.statements += 1;
  const query = new PeerQuery(newQueryId(state.statements, coordinatorId), sql, session, state.db, state.pageRows);
  state.queries.set(query.id, query);
  send(res, query.firstResponse(baseUrl(req, state.hostForUrls)));
}

export async function handle(req: IncomingMessage, res: ServerResponse, state: PeerState): Promise<void> {
  const path = new URL(req.url ?? "/", "http://peer").pathname;
  const method = req.method ?? "GET";
  const base = baseUrl(req, state.hostForUrls);

  if (path === "/v1/statement") {
    if (method === "POST") return postStatement(req, res, state);
    return sendText(res, 405, "Method Not Allowed");
  }

  let m = path.match(/^\/v1\/statement\/(queued|executing)\/([^/]+)\/([^/]+)\/(\d+)$/);
  if (m) {
    const [, phase, id = "", slug = "", tokenText = ""] = m;
    const query = isQueryId(id) ? state.queries.get(id) : undefined;
    const token = Number(tokenText);
    if (!query) return sendText(res, 404, "Query not found");
    const context = phase === "queued" ? "QUEUED_QUERY" : "EXECUTING_QUERY";
    if (method === "DELETE") {
      if (!query.slug.isValid(context, slug, token)) return sendText(res, 404, "Query not found");
      query.cancel();
      return sendEmpty(res, 204);
    }
    if (method !== "GET") return sendText(res, 405, "Method Not Allowed");
    return send(res, phase === "queued" ? query.getQueued(base, slug, token) : query.getExecuting(base, slug, token));
  }

  m = path.match(/^\/v1\/query\/([^/]+)$/);
  if (m) {
    if (requireAuth(req, res, state) === null) return;
    const id = m[1] ?? "";
    const query = isQueryId(id) ? state.queries.get(id) : undefined;
    if (method === "GET") return query ? sendJson(res, query.info(base)) : sendEmpty(res, 410);
    if (method === "DELETE") {
      query?.cancel();
      return sendEmpty(res, 204);
    }
    return sendText(res, 405, "Method Not Allowed");
  }

  if (path === "/v1/info" && method === "GET") {
    return sendJson(
      res,
      JSON.stringify({
        nodeVersion: { version: state.version },
        environment: "trino-peer",
        coordinator: true,
        starting: false,
        uptime: `${((Date.now() - state.startedAt) / 1000).toFixed(2)}s`,
      }),
    );
  }

  sendText(res, 404, "Not Found");
}
