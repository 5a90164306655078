import { signOut } from "@connections/api";
import { services } from "~/server/services.ts";
import { deleteSessionCookie, readSessionToken } from "~/server/session-cookie.ts";

// A request from another origin's page never gets here: proxy.ts refuses it.
export async function POST(request: Request): Promise<Response> {
  await signOut(await services(), await readSessionToken());
  await deleteSessionCookie();
  return Response.redirect(new URL("/sign-in", request.url), 303);
}
