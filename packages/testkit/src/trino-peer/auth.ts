// Authentication as a Trino coordinator does it, for the one resource that needs it here (new
// statements and /v1/query). Two modes, matching Trino's authenticators:
//  - no password configured ("insecure"): the user comes from Basic auth or X-Trino-User, and a
//    Basic header that carries a password is refused (Trino's InsecureAuthenticator);
//  - password configured: Basic credentials must match (Trino's password authenticator).
// Failures are HTTP 401, plain text, with `WWW-Authenticate: Basic realm="Trino"`.
import type { IncomingHttpHeaders } from "node:http";

export interface PeerCredentials {
  user: string;
  password: string;
}

export type AuthOutcome = { ok: true; user: string } | { ok: false; message: string };

export const WWW_AUTHENTICATE = 'Basic realm="Trino"';

type Basic = { user: string; password: string | null } | { malformed: string } | null;

// Per RFC 7617 and Trino's BasicAuthCredentials: "Basic base64(user:password)", ISO-8859-1,
// an empty password counts as no password.
function parseBasic(header: string | undefined): Basic {
  if (!header) return null;
  const space = header.indexOf(" ");
  if (space < 0 || header.slice(0, space).toLowerCase() !== "basic") return null;
  const encoded = header.slice(space + 1).trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return { malformed: "Invalid base64 encoded credentials" };
  const decoded = Buffer.from(encoded, "base64").toString("latin1");
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  if (!user) return { malformed: "Malformed credentials: user is empty" };
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  return { user, password: password === "" ? null : password };
}

export function authenticate(headers: IncomingHttpHeaders, credentials: PeerCredentials | undefined): AuthOutcome {
  const basic = parseBasic(headers.authorization);
  if (basic && "malformed" in basic) return { ok: false, message: basic.malformed };
  if (!credentials) {
    if (basic?.password) return { ok: false, message: "Password not allowed for insecure authentication" };
    const user = basic?.user ?? (headers["x-trino-user"] as string | undefined);
    return user ? { ok: true, user } : { ok: false, message: "Basic authentication or X-Trino-User must be sent" };
  }
  if (!basic) return { ok: false, message: "Unauthorized" };
  if (basic.user !== credentials.user || (basic.password ?? "") !== credentials.password) {
    return { ok: false, message: "Access Denied: Invalid credentials" };
  }
  return { ok: true, user: basic.user };
}
