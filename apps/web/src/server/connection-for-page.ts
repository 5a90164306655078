import "server-only";
import { notFound, redirect } from "next/navigation";
import { isAppError } from "@connections/core";
import { getConnection } from "@connections/api";
import { services } from "./services.ts";
import { currentUser } from "./session.ts";

/** For a page about one connection: the signed-in user (else sign-in) and the connection (else 404). */
export async function connectionForPage(id: string) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const connection = await getConnection(await services(), user, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return { user, connection };
}
