import { request as httpRequest, type Agent, type ClientRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Trino } from "trino-client";
import { TunnelError } from "@connections/tunnel";
import { canonicalHost, describeOrigin, otherOriginRefused, originOfUrl, sameOrigin, type HttpOrigin } from "./http-origin.ts";

/** axios's `transport` option: called with the request options in place of http(s).request. */
interface AxiosTransport {
  request(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest;
}

/**
 * trino-client 0.2.9 builds an axios instance from its private `clientConfig` for every request
 * and follows any `nextUri` and any redirect, with the Basic credentials, wherever they point.
 * Its config is the only hook, so: a `transport` that refuses every request whose scheme, host or
 * port is not the connection's own before anything is sent, and that is plain http(s).request,
 * so no redirect is followed; the pinned agent, so sockets come from the transport (policy or
 * tunnel) and go to the connection's host:port; and no proxy from the environment.
 */
export function pinTrinoClient(trino: Trino, agent: Agent, own: HttpOrigin): void {
  const client = (trino as unknown as { client: { clientConfig: Record<string, unknown> } }).client;
  const send = own.protocol === "https:" ? httpsRequest : httpRequest;
  const transport: AxiosTransport = {
    request(options, callback) {
      const protocol = String(options.protocol) as HttpOrigin["protocol"];
      const asked: HttpOrigin = {
        protocol,
        hostname: canonicalHost(options.hostname ?? ""),
        port: Number(options.port) || (protocol === "https:" ? 443 : 80),
      };
      if (!sameOrigin(asked, own)) throw otherOriginRefused("Trino's answer", asked, own);
      return send({ ...options, agent }, callback);
    },
  };
  Object.assign(client.clientConfig, { transport, proxy: false });
}

/**
 * A typed failure raised on a request (the pin's refusal, the target policy, the tunnel), which
 * axios wraps in its own error, or a redirect (answered, never followed); undefined otherwise.
 */
export function unwrapTrinoFailure(error: unknown, own: HttpOrigin): TunnelError | undefined {
  const cause = (error as { cause?: unknown }).cause;
  if (TunnelError.is(cause)) return cause;
  const response = (error as { response?: { status?: number; headers?: Record<string, unknown> } }).response;
  const status = response?.status ?? 0;
  if (status < 300 || status > 399) return undefined;
  const location = response?.headers?.location;
  const target = typeof location === "string" ? originOfUrl(location, describeOrigin(own)) : undefined;
  return new TunnelError(
    "QUERY_FAILED",
    `Trino answered HTTP ${status}, a redirect to ${target ? describeOrigin(target) : "no usable address"}; redirects are not followed`,
    {
      detail: { reason: "redirect" },
    },
  );
}
