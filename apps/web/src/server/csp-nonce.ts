import "server-only";
import { headers } from "next/headers";

/**
 * This request's CSP nonce (set by proxy.ts), for client code that inserts <style> elements:
 * CodeMirror mounts its styles that way and the page's style-src allows only nonced ones.
 */
export async function cspNonce(): Promise<string | undefined> {
  const policy = (await headers()).get("content-security-policy") ?? "";
  return /'nonce-([^']+)'/.exec(policy)?.[1];
}
