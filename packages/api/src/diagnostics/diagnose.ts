import {
  STAGES,
  type AnyConnectionTypeDefinition,
  type ConnectionConfig,
  type ConnectionType,
  type Diagnosis,
  type StageName,
} from "@connections/core";
import type { DriverMap } from "@connections/drivers";
import {
  connectSsh,
  directTransport,
  openTcpProbe,
  resolveHost,
  StageRecorder,
  TunnelConnection,
  TunnelError,
  tunnelTransport,
  type StageListener,
  type StageTimeouts,
  type TargetPolicy,
  type Transport,
} from "@connections/tunnel";
import { sshEndpointOf } from "./ssh-endpoint.ts";
import { driverOf } from "../connection-types.ts";

const SSH_STAGES: StageName[] = ["ssh_handshake", "host_key", "ssh_auth", "forward"];
const PROBE_SQL = "SELECT 1";

/**
 * Walks every stage from DNS to a first query on a fresh, unshared connection, timing each and
 * stopping at the first failure; later stages are reported as skipped.
 */
export async function diagnose(
  drivers: DriverMap<AnyConnectionTypeDefinition>,
  type: ConnectionType,
  config: ConnectionConfig,
  timeouts: StageTimeouts,
  policy: TargetPolicy,
  onStage?: StageListener,
): Promise<Diagnosis> {
  const recorder = new StageRecorder(onStage);
  const endpoint = await sshEndpointOf(config);
  let tunnel: TunnelConnection | undefined;
  let hostKey: string | undefined;
  try {
    let transport: Transport = directTransport(policy);
    if (endpoint) {
      const session = await connectSsh(endpoint, timeouts, { policy, recorder });
      hostKey = session.hostKeyFingerprint;
      tunnel = new TunnelConnection(session, { maxChannels: 4, idleMs: timeouts.db * 4, onGone: () => {}, policy });
      // The forward stage is the first channel the driver opens (HTTP drivers may open more).
      let forwardTimed = false;
      transport = tunnelTransport(tunnel, timeouts.forward, (socket) => {
        if (forwardTimed) return;
        forwardTimed = true;
        const started = performance.now();
        socket.once("connect", () => recorder.ok("forward", started));
      });
    } else {
      await probeDirect(config, timeouts, recorder, policy);
      for (const stage of SSH_STAGES) recorder.skipped(stage, "no_tunnel");
    }
    const driver = driverOf(drivers, type);
    const session = await driver.connect(config, { transport, connectTimeoutMs: timeouts.db, recorder });
    const started = performance.now();
    try {
      await session.query(PROBE_SQL, [], { maxRows: 1, timeoutMs: timeouts.db });
      recorder.ok("query", started);
    } catch (error) {
      if (!TunnelError.is(error)) throw error;
      recorder.failed(error, started);
    } finally {
      await session.close();
    }
  } catch (error) {
    // A typed failure is already recorded at its stage; anything else is a bug to surface.
    if (!TunnelError.is(error)) throw error;
  } finally {
    tunnel?.close();
  }
  const byName = new Map(recorder.results.map((r) => [r.name, r]));
  // A stage nobody recorded was never reached: one before it failed (or it has no tunnel to walk).
  const stages = STAGES.map(
    (name) =>
      byName.get(name) ?? {
        name,
        status: "skipped" as const,
        duration_ms: 0,
        skip_reason: !endpoint && SSH_STAGES.includes(name) ? ("no_tunnel" as const) : ("earlier_failure" as const),
      },
  );
  return {
    ok: stages.every((s) => s.status !== "failed") && byName.get("query")?.status === "ok",
    stages,
    ...(hostKey ? { host_key_fingerprint: hostKey } : {}),
  };
}

// For a direct connection the dns and tcp stages are the database's own.
async function probeDirect(
  config: ConnectionConfig,
  timeouts: StageTimeouts,
  recorder: StageRecorder,
  policy: TargetPolicy,
): Promise<void> {
  let started = performance.now();
  try {
    const { address } = await resolveHost(config.host, timeouts.dns, { stage: "dns", field: "host" }, policy);
    recorder.ok("dns", started);
    started = performance.now();
    await openTcpProbe(address, config.port, timeouts.tcp);
    recorder.ok("tcp", started);
  } catch (error) {
    if (TunnelError.is(error)) recorder.failed(error, started);
    throw error;
  }
}
