import { openApiDocument } from "@connections/api";

export function GET(request: Request): Response {
  return Response.json(openApiDocument(new URL(request.url).origin));
}
