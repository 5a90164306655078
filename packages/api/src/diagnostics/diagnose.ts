import {
  REVERSE_STAGES,
  reverseTunnelOf,
  STAGES,
  type AnyConnectionTypeDefinition,
  type ConnectionConfig,
  type ConnectionType,
  type Diagnosis,
  type StageName,
  type StageResult,
} from "@connections/core";
import type { DriverMap } from "@connections/drivers";
import {
  directTransport,
  openRoute,
  openTcpProbe,
  resolveHost,
  StageRecorder,
  TunnelError,
  tunnelTransport,
  type StageListener,
  type OpenRoute,
  type SshRoute,
  type StageTimeouts,
  type TargetPolicy,
  type Transport,
  type TunnelConnection,
} from "@connections/tunnel";
import type { ServiceContext } from "../context.ts";
import { sshRouteOf } from "./ssh-endpoint.ts";
import { driverOf } from "../connection-types.ts";

const SSH_STAGES: StageName[] = ["ssh_handshake", "host_key", "ssh_auth", "forward"];
// What each SSH server of a chain goes through, in order, before the bastion's forward.
const HOP_STAGES: StageName[] = ["dns", "tcp", "ssh_handshake", "host_key", "ssh_auth"];
const PROBE_SQL = "SELECT 1";

/**
 * Walks every stage from DNS to a first query on a fresh, unshared connection, timing each and
 * stopping at the first failure; later stages are reported as skipped. Through jump hosts the
 * SSH stages repeat for each hop, each marked with it. A reverse tunnel starts at its agent: one
 * connected (taken in turn, as queries take them), or AGENT_OFFLINE.
 */
export async function diagnose(
  drivers: DriverMap<AnyConnectionTypeDefinition>,
  type: ConnectionType,
  config: ConnectionConfig,
  timeouts: StageTimeouts,
  network: Pick<ServiceContext, "targetPolicy" | "agents">,
  onStage?: StageListener,
): Promise<Diagnosis> {
  const policy = network.targetPolicy;
  const recorder = new StageRecorder(onStage);
  const route = await sshRouteOf(config);
  const reverse = reverseTunnelOf(config);
  let tunnel: OpenRoute | undefined;
  const hostKeys: Array<string | undefined> = route?.map(() => undefined) ?? [];
  try {
    let transport: Transport = directTransport(policy);
    if (route) {
      tunnel = await openRoute(route, timeouts, { policy, recorder, maxChannels: 4, onHostKey: (i, key) => (hostKeys[i] = key) });
      transport = timedForward(tunnel.bastion, timeouts, recorder.atHop(route.at(-1)?.server?.hop));
    } else if (reverse) {
      transport = timedForward(
        connectedAgent(() => network.agents.acquire(reverse, config), recorder),
        timeouts,
        recorder,
      );
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
  const stages = reverse
    ? reverseStages(recorder.results)
    : route && route.length > 1
      ? chainStages(route, recorder.results)
      : singleStages(route !== undefined, recorder.results);
  const bastionKey = hostKeys.at(-1);
  return {
    ok: stages.every((s) => s.status !== "failed") && stages.at(-1)?.name === "query" && stages.at(-1)?.status === "ok",
    stages,
    ...(bastionKey ? { host_key_fingerprint: bastionKey } : {}),
    ...(hostKeys.length > 1 ? { jump_host_key_fingerprints: hostKeys.slice(0, -1).map((key) => key ?? null) } : {}),
  };
}

// The forward stage is the first channel the driver opens (HTTP drivers may open more).
function timedForward(connection: TunnelConnection, timeouts: StageTimeouts, recorder: StageRecorder): Transport {
  let forwardTimed = false;
  return tunnelTransport(connection, timeouts.forward, (socket) => {
    if (forwardTimed) return;
    forwardTimed = true;
    const started = performance.now();
    socket.once("connect", () => recorder.ok("forward", started));
  });
}

function connectedAgent(acquire: () => TunnelConnection, recorder: StageRecorder): TunnelConnection {
  const started = performance.now();
  try {
    const agent = acquire();
    recorder.ok("agent", started);
    return agent;
  } catch (error) {
    if (TunnelError.is(error)) recorder.failed(error, started);
    throw error;
  }
}

function reverseStages(recorded: StageResult[]): StageResult[] {
  const byName = new Map(recorded.map((r) => [r.name, r]));
  return REVERSE_STAGES.map(
    (name) => byName.get(name) ?? { name, status: "skipped" as const, duration_ms: 0, skip_reason: "earlier_failure" as const },
  );
}

// A stage nobody recorded was never reached: one before it failed (or it has no tunnel to walk).
function singleStages(tunneled: boolean, recorded: StageResult[]): StageResult[] {
  const byName = new Map(recorded.map((r) => [r.name, r]));
  return STAGES.map(
    (name) =>
      byName.get(name) ?? {
        name,
        status: "skipped" as const,
        duration_ms: 0,
        skip_reason: !tunneled && SSH_STAGES.includes(name) ? ("no_tunnel" as const) : ("earlier_failure" as const),
      },
  );
}

/**
 * Through jump hosts: what was recorded, in the order it happened (a jump host's refusal to
 * forward sits after its own stages), then every stage not reached, skipped.
 */
function chainStages(route: SshRoute, recorded: StageResult[]): StageResult[] {
  const bastionHop = route.at(-1)?.server?.hop;
  const expected = [
    ...route.flatMap((endpoint) => HOP_STAGES.map((name) => ({ name, hop: endpoint.server?.hop }))),
    { name: "forward" as const, hop: bastionHop },
    ...STAGES.slice(STAGES.indexOf("forward") + 1).map((name) => ({ name, hop: undefined })),
  ];
  const done = new Set(recorded.map((r) => `${r.name}@${r.hop?.index ?? ""}`));
  const missing = expected
    .filter((s) => !done.has(`${s.name}@${s.hop?.index ?? ""}`))
    .map((s) => ({
      name: s.name,
      ...(s.hop ? { hop: s.hop } : {}),
      status: "skipped" as const,
      duration_ms: 0,
      skip_reason: "earlier_failure" as const,
    }));
  return [...recorded, ...missing];
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
