import type { SshServerRef, StageName } from "@connections/core";
import { TunnelError } from "../engine/tunnel-error.ts";
import type { TargetPolicy } from "./target-policy.ts";

/** Where a target comes from, for the error: the stage it fails and the config field to change. */
export interface TargetOrigin {
  stage: StageName;
  field: string;
  /** The SSH server whose address it is, when it is one of a chain's. */
  server?: SshServerRef | undefined;
}

/** Throws TARGET_DENIED when the policy forbids `address` (what `host` resolved to). */
export function checkTarget(policy: TargetPolicy, host: string, address: string, origin: TargetOrigin): void {
  const reason = policy.verdict(address);
  if (reason === null) return;
  const shown = host === address ? address : `${host} (${address})`;
  const { server, ...detail } = origin;
  throw new TunnelError("TARGET_DENIED", `${shown} may not be reached from this service: ${reason}`, { detail, server });
}
