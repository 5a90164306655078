"use client";

import { useEffect, useState } from "react";
import type { AgentEndpoint } from "@connections/core";
import { trpc } from "~/trpc-client.ts";

/** The service's agent endpoint, once asked: null when its operator has turned it off. */
export type EndpointState =
  { state: "loading" } | { state: "loaded"; endpoint: AgentEndpoint | null } | { state: "failed"; message: string };

/** Where agents dial in, asked once per form, so the command shows before the connection is saved. */
export function useAgentEndpoint(): EndpointState {
  const [endpoint, setEndpoint] = useState<EndpointState>({ state: "loading" });
  useEffect(() => {
    let current = true;
    trpc.agent.endpoint
      .query()
      .then((answer) => current && setEndpoint({ state: "loaded", endpoint: answer }))
      .catch(
        (error: unknown) => current && setEndpoint({ state: "failed", message: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      current = false;
    };
  }, []);
  return endpoint;
}
