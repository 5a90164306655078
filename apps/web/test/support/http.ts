import { target } from "./fixtures.ts";

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

interface Call {
  key?: string | undefined;
  body?: unknown;
  /** Sent as is, for malformed bodies. */
  raw?: string;
  headers?: Record<string, string>;
  /** Another server than the suite's (one a test started with its own environment). */
  baseUrl?: string;
}

export async function api(method: string, path: string, call: Call = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.key) headers.authorization = `Bearer ${call.key}`;
  let body: string | undefined = call.raw;
  if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${call.baseUrl ?? target().baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
