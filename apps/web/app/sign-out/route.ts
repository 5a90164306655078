import { cookies } from "next/headers";
import { SESSION_COOKIE, signOut } from "@connections/api";
import { services } from "~/server/services.ts";

export async function POST(request: Request): Promise<Response> {
  const jar = await cookies();
  await signOut(await services(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  return Response.redirect(new URL("/sign-in", request.url), 303);
}
