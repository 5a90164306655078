"use client";

import type { ReactNode } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import { agentCommand, agentDatabaseOf, type AgentStatus, type ConnectionFormValues, type PublicReverseTunnel } from "@connections/core";
import { CopyableText } from "~/ui/copyable-text.tsx";
import { AgentStatusBadge } from "./agent-status-badge.tsx";
import { TextAreaField } from "./bound-fields.tsx";
import { useAgentEndpoint } from "./use-agent-endpoint.ts";

const KEYGEN_COMMAND = "ssh-keygen -t ed25519 -f ~/.ssh/connections_agent -N ''";

/** A saved reverse tunnel, as its edit form shows it: its own command and line, and its agents' status. */
export interface SavedReverseTunnel {
  tunnel: PublicReverseTunnel;
  /** The database as saved: the saved command forwards to it. */
  database: { host: string; port: number };
  fetchStatus: () => Promise<AgentStatus>;
}

function Step({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <li className="min-w-0 space-y-2 pl-1">
      <p className="font-medium">{title}</p>
      {children}
    </li>
  );
}

/**
 * The reverse mode of the tunnel (SPEC §11): the steps to run an OpenSSH agent in the customer's
 * network, the one field it needs (the agent's public key), and, once saved, whether an agent is
 * connected. Before saving, the command is built from the service's endpoint and the database's
 * host and port as typed; after, the connection's own command is shown while they are unchanged.
 */
export function ReverseTunnelFields({ saved, headingLevel }: { saved?: SavedReverseTunnel | undefined; headingLevel: 3 | 4 }) {
  const { control } = useFormContext<ConnectionFormValues>();
  const [type, config] = useWatch({ control, name: ["type", "config"] });
  const endpoint = useAgentEndpoint();
  const database = config ? agentDatabaseOf({ type, config }) : null;
  const loaded = endpoint.state === "loaded" ? endpoint.endpoint : undefined;
  const unchanged = saved !== undefined && database?.host === saved.database.host && database.port === saved.database.port;
  const off = saved ? saved.tunnel.agent_command === null : loaded === null;
  const command = unchanged ? saved.tunnel.agent_command : loaded && database ? agentCommand(loaded, database) : null;
  const knownHosts = saved?.tunnel.known_hosts_line ?? loaded?.known_hosts_line ?? null;
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <section className="min-w-0 space-y-3 text-sm" aria-labelledby="reverse-tunnel-heading">
      <div className="space-y-1">
        <Heading id="reverse-tunnel-heading" className="font-semibold">
          Run the agent in your network
        </Heading>
        <p className="text-muted-foreground">
          A machine in your network that reaches the database keeps an SSH connection out to this service: no inbound port to open, and its
          private key stays with you.
        </p>
      </div>
      <ol className="list-decimal space-y-4 pl-5 marker:font-medium">
        <Step title="On that machine, create a key pair for the agent:">
          <CopyableText label="Key pair command" text={KEYGEN_COMMAND} copyLabel="Copy ssh-keygen command" />
        </Step>
        <Step title="Paste its public key here:">
          <TextAreaField
            name="config.ssh_tunnel.authorized_key"
            label="Agent public key"
            rows={2}
            placeholder="ssh-ed25519 AAAA… you@your-host"
            hint={
              <>
                The one line of <code className="font-mono">~/.ssh/connections_agent.pub</code>. Only this key can connect for this
                connection.
              </>
            }
          />
        </Step>
        {off ? (
          <li className="list-none">
            <p className="rounded-md border border-warning/40 bg-warning/10 p-3" role="note">
              This service&apos;s agent endpoint is off; its operator sets{" "}
              <code className="font-mono text-xs">CONNECTIONS_AGENT_SSH_PORT</code> to turn it on. You can save the connection now: the
              agent&apos;s command shows here once the endpoint is on.
            </p>
          </li>
        ) : (
          <>
            <Step
              title={
                <>
                  Let it trust this service: add this line to its <code className="font-mono text-xs">~/.ssh/known_hosts</code>:
                </>
              }
            >
              {knownHosts ? (
                <CopyableText label="known_hosts line" text={knownHosts} copyLabel="Copy known_hosts line" />
              ) : (
                <EndpointPending endpoint={endpoint} />
              )}
            </Step>
            <Step title="Run the agent there, and keep it running:">
              {command ? (
                <CopyableText
                  label="Agent command"
                  text={command}
                  copyLabel="Copy agent command"
                  hint={
                    <>
                      It forwards to the database&apos;s host and port set above, as that machine sees them. To keep it running across
                      restarts, see &ldquo;Keeping the agent running&rdquo; under &ldquo;Reverse tunnels&rdquo; in the README (a systemd
                      unit, or autossh).
                    </>
                  }
                />
              ) : database === null ? (
                <p className="text-muted-foreground">Enter the database&apos;s host (and port) above: the command forwards to them.</p>
              ) : (
                <EndpointPending endpoint={endpoint} />
              )}
            </Step>
          </>
        )}
      </ol>
      {saved ? (
        <div className="space-y-1 border-t pt-3">
          <p className="font-medium">Agent status</p>
          <AgentStatusBadge initial={saved.tunnel.agent_status} fetchStatus={saved.fetchStatus} />
        </div>
      ) : (
        <p className="text-muted-foreground">Save, then start the agent: Test passes once it is connected.</p>
      )}
    </section>
  );
}

function EndpointPending({ endpoint }: { endpoint: ReturnType<typeof useAgentEndpoint> }) {
  return endpoint.state === "failed" ? (
    <p className="text-danger">Could not ask for this service&apos;s agent endpoint: {endpoint.message}</p>
  ) : (
    <p className="text-muted-foreground">Asking this service for its agent endpoint…</p>
  );
}
