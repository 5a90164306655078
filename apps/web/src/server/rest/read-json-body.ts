import { AppError } from "@connections/core";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body of at most 1 MiB without buffering more than that. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type");
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send JSON with Content-Type: application/json (got ${type.slice(0, 100)})`);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(chunk.value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new AppError("INVALID_JSON", "Request body is empty: send a JSON object");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("INVALID_JSON", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
}
