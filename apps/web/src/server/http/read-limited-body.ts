import { AppError } from "@connections/core";

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
}

/**
 * The request body, refused with PAYLOAD_TOO_LARGE as soon as it passes 1 MiB: at once when
 * Content-Length says so, else when the bytes read so far do, without reading the rest.
 */
export async function readLimitedBody(request: Request): Promise<Buffer> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) throw tooLarge();
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
  return Buffer.concat(chunks);
}
