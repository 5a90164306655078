import { commaList, type EnvSource, parseEnv } from "@connections/core";
import { z } from "zod";
import { ALLOW_VARIABLE, DENY_VARIABLE, isTargetRule, TargetPolicy, targetRuleProblem } from "./policy/target-policy.ts";

// The one place this package reads process.env.

const ruleListVariable = (name: string) =>
  commaList.superRefine((entries, ctx) => {
    for (const entry of entries) if (!isTargetRule(entry)) ctx.addIssue({ code: "custom", message: targetRuleProblem(entry, name) });
  });

const tunnelEnvSchema = z
  .object({
    /** Comma-separated addresses or CIDR ranges connections may reach; unset: any but the defaults. */
    [ALLOW_VARIABLE]: ruleListVariable(ALLOW_VARIABLE),
    /** Comma-separated addresses or CIDR ranges connections may never reach. */
    [DENY_VARIABLE]: ruleListVariable(DENY_VARIABLE),
  })
  .transform((env) => ({ targetPolicy: new TargetPolicy({ allow: env[ALLOW_VARIABLE], deny: env[DENY_VARIABLE] }) }));

export type TunnelEnv = z.output<typeof tunnelEnvSchema>;

/** This package's settings; an EnvError lists every bad value. */
export function tunnelEnv(source: EnvSource = process.env): TunnelEnv {
  return parseEnv(tunnelEnvSchema, source);
}
