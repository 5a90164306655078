import { AppError } from "@connections/core";
import { readLimitedBody } from "../http/read-limited-body.ts";

/** Reads a JSON body of at most 1 MiB without buffering more than that. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type");
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send JSON with Content-Type: application/json (got ${type.slice(0, 100)})`);
  }
  const text = (await readLimitedBody(request)).toString("utf8");
  if (!text.trim()) throw new AppError("INVALID_JSON", "Request body is empty: send a JSON object");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("INVALID_JSON", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}
