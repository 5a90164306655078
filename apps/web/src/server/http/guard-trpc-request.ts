import { AppError } from "@connections/core";
import { MAX_TRPC_BATCH_CALLS } from "../../trpc-batch-limit.ts";
import { crossOriginRefusal } from "./cross-origin.ts";
import { readLimitedBody } from "./read-limited-body.ts";

const ENDPOINT = "/api/trpc/";

function checkBatchSize(url: URL): void {
  if (url.searchParams.get("batch") !== "1") return;
  const calls = url.pathname.slice(ENDPOINT.length).split(",").length;
  if (calls > MAX_TRPC_BATCH_CALLS) {
    throw new AppError(
      "BAD_REQUEST",
      `A batch may hold at most ${MAX_TRPC_BATCH_CALLS} calls (this one has ${calls}): split it into several requests`,
    );
  }
}

/**
 * What tRPC's own adapter does not refuse: a mutation from another origin's page, a body that is
 * not JSON (tRPC also takes multipart/form-data and octet-stream, which a foreign page can post
 * without asking), oversized batches and bodies over 1 MiB. Returns the request with its body
 * read, or throws before any call runs.
 */
export async function guardTrpcRequest(request: Request): Promise<Request> {
  const url = new URL(request.url);
  const refused = crossOriginRefusal(request.method, url.pathname, request.headers);
  if (refused) throw refused;
  checkBatchSize(url);
  if (request.method !== "POST") return request;
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send tRPC calls with Content-Type: application/json (got ${type.slice(0, 100) || "none"})`,
    );
  }
  const body = await readLimitedBody(request);
  return new Request(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(body), signal: request.signal });
}
