import type { StageName } from "@connections/core";
import { TunnelError } from "../engine/tunnel-error.ts";
import { ALLOW_VARIABLE, type TargetPolicy } from "./target-policy.ts";

/** Where a target comes from, for the error: the stage it fails and the config field to change. */
export interface TargetOrigin {
  stage: StageName;
  field: string;
}

/** Throws TARGET_DENIED when the policy forbids `address` (what `host` resolved to). */
export function checkTarget(policy: TargetPolicy, host: string, address: string, origin: TargetOrigin): void {
  const reason = policy.verdict(address);
  if (reason === null) return;
  const shown = host === address ? address : `${host} (${address})`;
  throw new TunnelError(origin.stage, "TARGET_DENIED", `${shown} may not be reached from this service: ${reason}`, `Use another ${origin.field}, or ask the operator of this service to allow the address in ${ALLOW_VARIABLE}`);
}
