import { userInfo } from "node:os";
import type { AuditAction } from "@connections/core";
import { audited, type AuditActor } from "../audit/audited.ts";
import type { ServiceContext } from "../context.ts";

// The commands that change something; listings and `db migrate` are not audited.
const AUDITED_COMMANDS: Record<string, AuditAction> = {
  "projects create": "project.create",
  "access-keys create": "access_key.create",
  "access-keys revoke": "access_key.revoke",
  "users create": "user.create",
  "users disable": "user.disable",
  "users enable": "user.enable",
  "users reset-password": "user.reset_password",
  "sessions end": "session.end",
  "db seed": "demo.seed",
  "encryption rotate": "encryption.rotate",
};

/**
 * Runs a CLI command, audited as the OS account that ran it when the command changes something.
 * The row names what the command acted on only from its result: arguments are never copied in,
 * so a secret pasted in the wrong place (a key where its id belongs) cannot reach the log.
 */
export function auditedCommand<T>(ctx: ServiceContext, command: string, execute: () => Promise<T>): Promise<T> {
  const action = Object.hasOwn(AUDITED_COMMANDS, command) ? AUDITED_COMMANDS[command] : undefined;
  if (!action) return execute();
  return audited(ctx, operator(), { action, projectId: null, connectionId: null, sql: null }, async (scope) => {
    const result = await execute();
    const { id, project_id, project_ids } = (result ?? {}) as { id?: unknown; project_id?: unknown; project_ids?: unknown };
    const projectId =
      project_id ?? (Array.isArray(project_ids) ? project_ids[0] : undefined) ?? (action === "project.create" ? id : undefined);
    if (typeof id === "string") scope.targetId = id;
    if (typeof projectId === "string") scope.projectId = projectId;
    return result;
  });
}

function operator(): AuditActor {
  try {
    return { kind: "operator", id: userInfo().username, address: null };
  } catch {
    // No passwd entry for this uid (some containers): the uid is all there is.
    return { kind: "operator", id: `uid:${process.getuid?.() ?? "unknown"}`, address: null };
  }
}
