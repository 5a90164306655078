import "server-only";
import { cookies, headers } from "next/headers";
import { SESSION_COOKIE } from "@connections/api";
import { servedOverHttps } from "./http/served-over-https.ts";

// Over HTTPS the cookie is Secure and named __Host-…, which browsers keep only when it was set
// over HTTPS for this exact host and path /: a sibling subdomain or a plain-HTTP answer cannot
// plant or overwrite it. Over HTTPS only that name is read.
async function cookieName(): Promise<{ name: string; secure: boolean }> {
  const secure = servedOverHttps(await headers());
  return { name: secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE, secure };
}

export async function readSessionToken(): Promise<string | undefined> {
  const { name } = await cookieName();
  return (await cookies()).get(name)?.value;
}

export async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  const { name, secure } = await cookieName();
  (await cookies()).set(name, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
}

export async function deleteSessionCookie(): Promise<void> {
  const { name, secure } = await cookieName();
  (await cookies()).set(name, "", { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 0 });
}
