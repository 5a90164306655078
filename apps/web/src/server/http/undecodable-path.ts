import { AppError } from "@connections/core";

/** Whether every percent-escape of a path decodes, as Next must decode it to match a route. */
export function pathDecodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function undecodablePathError(): AppError {
  return new AppError(
    "BAD_REQUEST",
    "The request path has a percent-escape that does not decode (as UTF-8): encode each path segment with encodeURIComponent",
  );
}
