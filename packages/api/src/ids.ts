import { randomBytes } from "node:crypto";

/** Prefixed random ids (`conn_…`), so an id in a log or a support ticket says what it names. */
export function newId(prefix: "conn" | "chat" | "prj" | "usr"): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}
