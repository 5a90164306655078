import { headers } from "next/headers";
import { signOut } from "@connections/api";
import { requestOrigin } from "~/server/request-origin.ts";
import { services } from "~/server/services.ts";
import { deleteSessionCookie, readSessionToken } from "~/server/session-cookie.ts";

// A request from another origin's page never gets here: proxy.ts refuses it. The redirect is
// relative: Next's request.url names the host it listens on (localhost), not the one the browser
// used, and the pages' CSP (form-action 'self') blocks a form redirected to another origin.
export async function POST(): Promise<Response> {
  await signOut(await services(), await readSessionToken(), requestOrigin(await headers()));
  await deleteSessionCookie();
  return new Response(null, { status: 303, headers: { location: "/sign-in" } });
}
