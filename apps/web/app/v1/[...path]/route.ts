import { AppError } from "@connections/core";
import { errorResponse } from "~/server/rest/rest-handler.ts";

// Unknown /v1 paths answer in the API's error format rather than with an HTML page.
function notFound(request: Request): Response {
  return errorResponse(AppError.notFound(`${request.method} ${new URL(request.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
