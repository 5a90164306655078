import { target } from "./fixtures.ts";

/** A request sent exactly as built: no JSON encoding, no content type added, no redirect followed. */
export interface RawRequest {
  method: string;
  /** Path and query string, already encoded (or deliberately not). */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  location: string | null;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

export async function sendRaw(request: RawRequest): Promise<RawResponse> {
  const response = await fetch(`${target().baseUrl}${request.url}`, {
    method: request.method,
    headers: request.headers,
    // Bytes, so fetch sends no content type of its own.
    body: request.body === undefined ? undefined : Buffer.from(request.body),
    redirect: "manual",
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, location: response.headers.get("location"), text, json };
}
