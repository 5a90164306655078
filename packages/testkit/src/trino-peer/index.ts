// A protocol-faithful Trino peer for tests: Trino's client REST protocol served by node:http,
// backed by a real SQL engine (SQLite via better-sqlite3). SQL is SQLite's dialect; the wire
// protocol, paging, errors, cancel and auth behave as a Trino coordinator's do.
export { startTrinoPeer, type TrinoPeer, type TrinoPeerOptions } from "./server.ts";
export type { PeerCredentials } from "./auth.ts";
export { seedItems, type SqliteDatabase } from "./engine.ts";
export type { TrinoColumn, TrinoTypeName } from "./types.ts";
export type { TrinoQueryError } from "./errors.ts";
