import { AppError } from "@connections/core";
import type { Principal } from "../context.ts";

/** A project id the principal may use; any other id is reported as not found, never forbidden. */
export function assertProjectAccess(principal: Principal, projectId: string): string {
  if (!principal.projectIds.includes(projectId)) throw AppError.notFound(`project ${projectId}`);
  return projectId;
}
