import type { TargetPolicy } from "../policy/target-policy.ts";
import { connectSsh, type SshRoute } from "./connect-ssh.ts";
import type { StageRecorder } from "./stage-recorder.ts";
import type { StageTimeouts } from "./timeouts.ts";
import { TunnelConnection } from "./tunnel-connection.ts";

export interface OpenRoute {
  /** The bastion's connection, through every hop before it. */
  bastion: TunnelConnection;
  close(): void;
}

export interface OpenRouteOptions {
  policy: TargetPolicy;
  recorder: StageRecorder;
  maxChannels: number;
  /** Told each hop's host key as it is accepted, also when a later hop then fails. */
  onHostKey: (index: number, fingerprint: string) => void;
}

/**
 * A fresh chain of SSH connections, shared with nobody (a connection test walks every stage of
 * every hop). On a failure, recorded at its hop's stage, the hops already open are closed.
 */
export async function openRoute(
  route: SshRoute,
  timeouts: StageTimeouts,
  { policy, recorder, maxChannels, onHostKey }: OpenRouteOptions,
): Promise<OpenRoute> {
  const hops: TunnelConnection[] = [];
  const close = () => {
    for (const hop of [...hops].reverse()) hop.close();
  };
  try {
    for (const [i, endpoint] of route.entries()) {
      const via = hops.at(-1);
      const session = await connectSsh(endpoint, timeouts, { policy, recorder, via });
      onHostKey(i, session.hostKeyFingerprint);
      hops.push(new TunnelConnection(session, { maxChannels, idleMs: timeouts.db * 4, onGone: () => {}, policy, via }));
    }
  } catch (error) {
    close();
    throw error;
  }
  return { bastion: hops.at(-1)!, close };
}
