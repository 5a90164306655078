import { AppError } from "@connections/core";
import type { Principal } from "../context.ts";

/**
 * Chat connectors belong to a person, not a project: only a signed-in user has them. An access
 * key (a project's credential) is refused with a message that says so.
 */
export function chatOwnerOf(principal: Principal): string {
  if (principal.kind !== "user") {
    throw new AppError(
      "UNAUTHENTICATED",
      "Chat connectors belong to a signed-in user: an access key cannot use them. Sign in to the web app instead",
    );
  }
  return principal.id;
}
