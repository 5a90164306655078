import { z } from "zod";
import {
  chatMessageInputSchema,
  CONNECTION_TYPE_NAMES,
  createChatConnectorInputSchema,
  testUnsavedChatConnectorInputSchema,
  createConnectionInputSchema,
  idSchema,
  listAuditInputSchema,
  listTunnelsInputSchema,
  statementHistoryInputSchema,
  chatExportInputSchema,
  acceptHostKeyInputSchema,
  listConnectionsInputSchema,
  queryInputSchema,
  testUnsavedConnectionInputSchema,
  updateChatConnectorInputSchema,
  updateConnectionInputSchema,
} from "@connections/core";
import { fullConfigs, LOOPBACK_CONFIG, uniqueName, type World } from "./valid-inputs.ts";

// Every way into the service: each REST route (method + path) and each tRPC procedure, with how
// to call it, its input schema from packages/core and its valid inputs. The sweeps (R5 malformed
// input, R7 cross-tenant) run over this list, and catalogue-coverage.test.ts fails when a route or
// procedure exists that it does not list.

/** What a stored row or id belongs to. */
export type Owned = "project" | "connection" | "chat-connector";

/** A field of the input that names a project or a stored row; `id` is the REST path segment. */
export interface Ref {
  path: string;
  of: Owned;
}

interface EntryBase {
  /** Fields naming something the caller must own: anyone else's (or a made-up one) is 404. */
  refs: readonly Ref[];
  /** The entry lists rows, and must show the caller's only. */
  lists?: Owned;
  /** Where a listing cursor goes: it must be one of the caller's own rows. */
  cursor?: string;
  /** PUT semantics: `config` is checked only after the stored secrets of the referenced row are merged in. */
  mergesConfig?: "connection" | "chat-connector";
  /** Why the entry has no id or tenant scope, so the cross-tenant sweep has nothing to try. */
  unscoped?: string;
  /** It writes nothing and reaches no database, so a generated input that is valid may be sent. */
  readOnly: boolean;
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A REST call: the `{id}` path segment, the query string and the JSON body. */
export interface RestInput {
  id?: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface RestEntry extends EntryBase {
  api: "rest";
  method: Method;
  /** The route as on disk: `{id}` for `[id]`, `{...path}` for `[...path]`. */
  path: string;
  /** How the caller proves who it is; `session` routes answer browsers, not JSON. */
  auth: "key" | "session" | "none";
  /** The error format: REST's `{error: {code}}`, tRPC's envelope, or a redirect for browser routes. */
  answers: "rest" | "trpc" | "redirect";
  query?: z.ZodType;
  body?: z.ZodType;
  valid: (world: World) => RestInput[];
}

export interface TrpcEntry extends EntryBase {
  api: "trpc";
  procedure: string;
  type: "query" | "mutation";
  /** Answered as a stream of events (httpBatchStreamLink). */
  stream: boolean;
  /** The schema its input parser is (or is built from); absent when it takes no input. */
  input?: z.ZodType;
  valid: (world: World) => unknown[];
}

export type CatalogueEntry = RestEntry | TrpcEntry;

export function entryName(entry: CatalogueEntry): string {
  return entry.api === "rest" ? `${entry.method} ${entry.path}` : `trpc ${entry.procedure}`;
}

const byIdInput = z.strictObject({ id: idSchema });
const typesWithFullConfigs = (world: World) => Object.entries(fullConfigs(world.privateKey));

const createBodies = (world: World) => [
  { name: uniqueName("created"), project_id: world.projectId, type: CONNECTION_TYPE_NAMES[0], config: LOOPBACK_CONFIG },
  ...typesWithFullConfigs(world).map(([type, config]) => ({ name: uniqueName("created"), project_id: world.projectId, type, config })),
];
const unsavedBodies = (world: World) => [
  { type: CONNECTION_TYPE_NAMES[0], config: LOOPBACK_CONFIG, project_id: world.projectId },
  ...typesWithFullConfigs(world).map(([type, config]) => ({ type, config })),
];
// The stored connection and chat connector of a world are PostgreSQL; a secret left out keeps its stored value.
const postgresUpdates = (world: World) => [
  { name: uniqueName("renamed"), config: LOOPBACK_CONFIG },
  { type: CONNECTION_TYPE_NAMES[0], config: fullConfigs(world.privateKey)["dynamiq.connections.PostgreSQL"] },
];
const chatCreates = (world: World) => [
  { name: uniqueName("chat"), type: CONNECTION_TYPE_NAMES[0], config: LOOPBACK_CONFIG },
  ...typesWithFullConfigs(world).map(([type, config]) => ({ name: uniqueName("chat"), type, config })),
];
const chatUnsaved = (world: World) => chatCreates(world).map(({ name: _name, ...body }) => body);
const listQuery = (world: World) => ({ project_id: world.projectId, limit: "10" });
const connectionId: Ref[] = [{ path: "id", of: "connection" }];
const chatConnectorId: Ref[] = [{ path: "id", of: "chat-connector" }];

const CATCH_ALL_UNSCOPED = "answers 404 for any /v1 path no route serves: there is no resource behind it";

export const REST_ROUTES: readonly RestEntry[] = [
  {
    api: "rest",
    method: "GET",
    path: "/v1/connections",
    auth: "key",
    answers: "rest",
    query: listConnectionsInputSchema,
    refs: [{ path: "query.project_id", of: "project" }],
    lists: "connection",
    cursor: "query.cursor",
    readOnly: true,
    valid: (w) => [{ query: listQuery(w) }],
  },
  {
    api: "rest",
    method: "GET",
    path: "/v1/audit",
    auth: "key",
    answers: "rest",
    query: listAuditInputSchema,
    refs: [{ path: "query.project_id", of: "project" }],
    readOnly: true,
    valid: (w) => [{ query: listQuery(w) }, { query: { ...listQuery(w), connection_id: w.connectionId } }],
  },
  {
    api: "rest",
    method: "GET",
    path: "/v1/tunnels",
    auth: "key",
    answers: "rest",
    query: listTunnelsInputSchema,
    refs: [{ path: "query.project_id", of: "project" }],
    readOnly: true,
    valid: (w) => [{ query: { project_id: w.projectId } }],
  },
  {
    api: "rest",
    method: "POST",
    path: "/v1/connections",
    auth: "key",
    answers: "rest",
    body: createConnectionInputSchema,
    refs: [{ path: "body.project_id", of: "project" }],
    readOnly: false,
    valid: (w) => createBodies(w).map((body) => ({ body })),
  },
  {
    api: "rest",
    method: "GET",
    path: "/v1/connections/{id}",
    auth: "key",
    answers: "rest",
    refs: connectionId,
    readOnly: true,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "rest",
    method: "PUT",
    path: "/v1/connections/{id}",
    auth: "key",
    answers: "rest",
    body: updateConnectionInputSchema,
    refs: connectionId,
    mergesConfig: "connection",
    readOnly: false,
    valid: (w) => postgresUpdates(w).map((body) => ({ id: w.connectionId, body })),
  },
  {
    api: "rest",
    method: "DELETE",
    path: "/v1/connections/{id}",
    auth: "key",
    answers: "rest",
    refs: connectionId,
    readOnly: false,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "rest",
    method: "POST",
    path: "/v1/connections/{id}/test",
    auth: "key",
    answers: "rest",
    refs: connectionId,
    readOnly: false,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "rest",
    method: "POST",
    path: "/v1/connections/{id}/query",
    auth: "key",
    answers: "rest",
    body: queryInputSchema,
    refs: connectionId,
    readOnly: false,
    valid: (w) => [
      { id: w.connectionId, body: { sql: "select 1" } },
      { id: w.connectionId, body: { sql: "select $1::int", params: [1, "a", true, null], max_rows: 5, max_bytes: 4096, timeout_ms: 1000 } },
    ],
  },
  {
    api: "rest",
    method: "POST",
    path: "/connections/{id}/export.csv",
    auth: "session",
    answers: "rest",
    body: queryInputSchema,
    refs: connectionId,
    readOnly: false,
    valid: (w) => [{ id: w.connectionId, body: { sql: "select 1" } }],
  },
  {
    api: "rest",
    method: "POST",
    path: "/chat/{id}/export.csv",
    auth: "session",
    answers: "rest",
    body: chatExportInputSchema,
    refs: chatConnectorId,
    readOnly: false,
    valid: (w) => [{ id: w.chatConnectorId, body: { text: "select 1" } }],
  },
  {
    api: "rest",
    method: "POST",
    path: "/v1/connections/test",
    auth: "key",
    answers: "rest",
    body: testUnsavedConnectionInputSchema,
    refs: [{ path: "body.project_id", of: "project" }],
    readOnly: false,
    valid: (w) => unsavedBodies(w).map((body) => ({ body })),
  },
  {
    api: "rest",
    method: "GET",
    path: "/v1/openapi.json",
    auth: "none",
    answers: "rest",
    refs: [],
    readOnly: true,
    unscoped: "the public description of the API: no tenant data, no input",
    valid: () => [{}],
  },
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method): RestEntry => ({
    api: "rest",
    method,
    path: "/v1/{...path}",
    auth: "key",
    answers: "rest",
    refs: [],
    readOnly: true,
    unscoped: CATCH_ALL_UNSCOPED,
    valid: () => [],
  })),
  ...(["GET", "POST"] as const).map((method): RestEntry => ({
    api: "rest",
    method,
    path: "/api/trpc/{trpc}",
    auth: "session",
    answers: "trpc",
    refs: [],
    readOnly: true,
    unscoped: "the tRPC transport: each procedure is its own entry below; here only unknown procedure names are tried",
    valid: () => [],
  })),
  {
    api: "rest",
    method: "POST",
    path: "/sign-out",
    auth: "session",
    answers: "redirect",
    refs: [],
    readOnly: false,
    unscoped: "ends the caller's own session: it names no project or row",
    valid: () => [{}],
  },
];

export const TRPC_PROCEDURES: readonly TrpcEntry[] = [
  {
    api: "trpc",
    procedure: "connection.list",
    type: "query",
    stream: false,
    input: listConnectionsInputSchema.optional(),
    refs: [{ path: "project_id", of: "project" }],
    lists: "connection",
    cursor: "cursor",
    readOnly: true,
    // Room for every row the sweeps create before they list.
    valid: (w) => [{ project_id: w.projectId, limit: 100 }],
  },
  {
    api: "trpc",
    procedure: "audit.list",
    type: "query",
    stream: false,
    input: listAuditInputSchema,
    refs: [{ path: "project_id", of: "project" }],
    readOnly: true,
    valid: (w) => [{ project_id: w.projectId, limit: 10 }],
  },
  {
    api: "trpc",
    procedure: "tunnel.list",
    type: "query",
    stream: false,
    input: listTunnelsInputSchema,
    refs: [{ path: "project_id", of: "project" }],
    readOnly: true,
    valid: (w) => [{ project_id: w.projectId }],
  },
  {
    api: "trpc",
    procedure: "tunnel.acceptHostKey",
    type: "mutation",
    stream: false,
    input: acceptHostKeyInputSchema,
    refs: [{ path: "project_id", of: "project" }],
    readOnly: false,
    // No tunnel of a fresh project shows a changed key: the call is checked and recorded, and finds none (409).
    valid: (w) => [{ project_id: w.projectId, tunnel_id: "0123456789abcdef0123", fingerprint: `SHA256:${"A".repeat(43)}` }],
  },
  {
    api: "trpc",
    procedure: "connection.byId",
    type: "query",
    stream: false,
    input: byIdInput,
    refs: connectionId,
    readOnly: true,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "trpc",
    procedure: "connection.history",
    type: "query",
    stream: false,
    input: statementHistoryInputSchema,
    refs: connectionId,
    readOnly: true,
    valid: (w) => [{ id: w.connectionId }, { id: w.connectionId, limit: 5 }],
  },
  {
    api: "trpc",
    procedure: "connection.agentStatus",
    type: "query",
    stream: false,
    input: byIdInput,
    refs: connectionId,
    readOnly: true,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "trpc",
    procedure: "connection.create",
    type: "mutation",
    stream: false,
    input: createConnectionInputSchema,
    refs: [{ path: "project_id", of: "project" }],
    readOnly: false,
    valid: createBodies,
  },
  {
    api: "trpc",
    procedure: "connection.update",
    type: "mutation",
    stream: false,
    input: updateConnectionInputSchema.extend({ id: idSchema }),
    refs: connectionId,
    mergesConfig: "connection",
    readOnly: false,
    valid: (w) => postgresUpdates(w).map((body) => ({ id: w.connectionId, ...body })),
  },
  {
    api: "trpc",
    procedure: "connection.test",
    type: "mutation",
    stream: false,
    input: byIdInput,
    refs: connectionId,
    readOnly: false,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "trpc",
    procedure: "connection.testUnsaved",
    type: "mutation",
    stream: false,
    input: testUnsavedConnectionInputSchema,
    refs: [{ path: "project_id", of: "project" }],
    readOnly: false,
    valid: unsavedBodies,
  },
  {
    api: "trpc",
    procedure: "connection.testLive",
    type: "mutation",
    stream: true,
    input: byIdInput,
    refs: connectionId,
    readOnly: false,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "trpc",
    procedure: "connection.testUnsavedLive",
    type: "mutation",
    stream: true,
    input: testUnsavedConnectionInputSchema,
    refs: [{ path: "project_id", of: "project" }],
    readOnly: false,
    valid: unsavedBodies,
  },
  {
    api: "trpc",
    procedure: "connection.query",
    type: "mutation",
    stream: false,
    input: queryInputSchema.extend({ id: idSchema }),
    refs: connectionId,
    readOnly: false,
    valid: (w) => [
      { id: w.connectionId, sql: "select 1" },
      { id: w.connectionId, sql: "select $1", params: ["x"], max_rows: 1, max_bytes: 4096 },
    ],
  },
  {
    api: "trpc",
    procedure: "connection.delete",
    type: "mutation",
    stream: false,
    input: byIdInput,
    refs: connectionId,
    readOnly: false,
    valid: (w) => [{ id: w.connectionId }],
  },
  {
    api: "trpc",
    procedure: "chatConnector.list",
    type: "query",
    stream: false,
    refs: [],
    lists: "chat-connector",
    readOnly: true,
    valid: () => [undefined],
  },
  {
    api: "trpc",
    procedure: "chatConnector.byId",
    type: "query",
    stream: false,
    input: byIdInput,
    refs: chatConnectorId,
    readOnly: true,
    valid: (w) => [{ id: w.chatConnectorId }],
  },
  {
    api: "trpc",
    procedure: "chatConnector.history",
    type: "query",
    stream: false,
    input: statementHistoryInputSchema,
    refs: chatConnectorId,
    readOnly: true,
    valid: (w) => [{ id: w.chatConnectorId }, { id: w.chatConnectorId, limit: 5 }],
  },
  {
    api: "trpc",
    procedure: "chatConnector.agentStatus",
    type: "query",
    stream: false,
    input: byIdInput,
    refs: chatConnectorId,
    readOnly: true,
    valid: (w) => [{ id: w.chatConnectorId }],
  },
  {
    api: "trpc",
    procedure: "chatConnector.create",
    type: "mutation",
    stream: false,
    input: createChatConnectorInputSchema,
    refs: [],
    readOnly: false,
    unscoped: "creates a connector for the signed-in caller: the input names no owner, project or row",
    valid: chatCreates,
  },
  {
    api: "trpc",
    procedure: "chatConnector.update",
    type: "mutation",
    stream: false,
    input: updateChatConnectorInputSchema,
    refs: chatConnectorId,
    mergesConfig: "chat-connector",
    readOnly: false,
    valid: (w) => postgresUpdates(w).map(({ type: _type, ...body }) => ({ id: w.chatConnectorId, ...body })),
  },
  {
    api: "trpc",
    procedure: "chatConnector.delete",
    type: "mutation",
    stream: false,
    input: byIdInput,
    refs: chatConnectorId,
    readOnly: false,
    valid: (w) => [{ id: w.chatConnectorId }],
  },
  {
    api: "trpc",
    procedure: "chatConnector.test",
    type: "mutation",
    stream: false,
    input: byIdInput,
    refs: chatConnectorId,
    readOnly: false,
    valid: (w) => [{ id: w.chatConnectorId }],
  },
  {
    api: "trpc",
    procedure: "chatConnector.testLive",
    type: "mutation",
    stream: true,
    input: byIdInput,
    refs: chatConnectorId,
    readOnly: false,
    valid: (w) => [{ id: w.chatConnectorId }],
  },
  {
    api: "trpc",
    procedure: "chatConnector.testUnsavedLive",
    type: "mutation",
    stream: true,
    input: testUnsavedChatConnectorInputSchema,
    refs: [],
    readOnly: false,
    unscoped: "tests a config typed by the signed-in caller: the input names no owner, project or row, and nothing is stored",
    valid: chatUnsaved,
  },
  {
    api: "trpc",
    procedure: "chatConnector.run",
    type: "mutation",
    stream: false,
    input: chatMessageInputSchema,
    refs: chatConnectorId,
    readOnly: false,
    valid: (w) => [{ id: w.chatConnectorId, text: "select 1" }],
  },
  {
    api: "trpc",
    procedure: "agent.endpoint",
    type: "query",
    stream: false,
    refs: [],
    readOnly: true,
    unscoped: "the service's own agent endpoint (its public host key line, host and port): the same for every caller",
    valid: () => [undefined],
  },
];

export const CATALOGUE: readonly CatalogueEntry[] = [...REST_ROUTES, ...TRPC_PROCEDURES];
