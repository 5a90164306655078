import type { Hop, StageName, StageSkipReason } from "./diagnostics.ts";

/** Each stage in plain words, for people; the code stays the name clients branch on. */
export const STAGE_LABELS: { [S in StageName]: string } = {
  dns: "DNS lookup",
  tcp: "TCP connection",
  ssh_handshake: "SSH handshake",
  host_key: "Host key check",
  ssh_auth: "SSH login",
  forward: "Tunnel to database",
  agent: "Agent connected",
  db_tls: "Database TLS",
  db_auth: "Database login",
  query: "Test query",
};

/** Why a stage was skipped, as a short phrase ("skipped: no TLS configured"). */
export const SKIP_REASON_LABELS: { [R in StageSkipReason]: string } = {
  no_tunnel: "no SSH tunnel",
  no_tls: "no TLS configured",
  earlier_failure: "an earlier stage failed",
};

/**
 * Which server a hop is, in words: "Jump host 1 · jump.example.com", or "Bastion · bastion.example.com"
 * for the last one. `bastionIndex` is the bastion's hop index, when known (the number of jump hosts + 1).
 */
export function hopLabel(hop: Hop, bastionIndex: number | undefined): string {
  return `${hopName(hop, bastionIndex)} · ${hop.host}`;
}

/** "Jump host 1", or "Bastion" for the last hop. */
export function hopName(hop: Hop, bastionIndex: number | undefined): string {
  return hop.index === bastionIndex ? "Bastion" : `Jump host ${hop.index}`;
}

/** A run of consecutive stages against one server of a chain (hop), or without one. */
export interface StageGroup<S extends { hop?: Hop | undefined }> {
  hop: Hop | undefined;
  stages: S[];
}

/** The stages in order, grouped by the hop they ran against: a chain's stages repeat once per hop. */
export function stagesByHop<S extends { hop?: Hop | undefined }>(stages: readonly S[]): StageGroup<S>[] {
  const groups: StageGroup<S>[] = [];
  for (const stage of stages) {
    const last = groups.at(-1);
    if (last && last.hop?.index === stage.hop?.index) last.stages.push(stage);
    else groups.push({ hop: stage.hop, stages: [stage] });
  }
  return groups;
}

/** The bastion's hop index in a chain's stages: `forward` runs from the bastion, so it carries its hop. */
export function bastionHopOf(stages: readonly { name: StageName; hop?: Hop | undefined }[]): number | undefined {
  return stages.find((stage) => stage.name === "forward" && stage.hop)?.hop?.index;
}
