import type { z } from "zod";
import { ERROR_CODES, type ErrorCode, type FieldErrorCode } from "./error-codes.ts";

export interface FieldError {
  /** Dotted path into the request body, e.g. `config.ssh_tunnel.port`. */
  path: string;
  message: string;
  code: FieldErrorCode;
}

/** Where a database call failed: the stage, its stable code and what to change. */
export interface StageFailure {
  stage: string;
  /** Through jump hosts: which SSH server failed (1 = the first jump host, the last = the bastion). */
  hop?: { index: number; host: string };
  code: string;
  hint: string;
}

/** A call refused because its project (or user) has too much work running: when to try again. */
export interface BusyDetails {
  retry_after_s: number;
  limit: number;
}

/** A call refused for coming too often (RATE_LIMITED): when to retry, and whose budget ran out. */
export interface RateLimitDetails extends BusyDetails {
  /** The same moment as `retry_after_s`, as an ISO 8601 time. */
  retry_at: string;
  scope: "account" | "address" | "user" | "access_key";
}

export type ErrorDetails = FieldError[] | StageFailure | BusyDetails;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails };
}

// Registered symbol, so an AppError is recognised across separately bundled copies of this module.
const APP_ERROR = Symbol.for("connections.AppError");

export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly code: ErrorCode;
  /** The fields to fix (input errors), or the stage that failed (database calls). */
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }

  static notFound(what: string): AppError {
    return new AppError("NOT_FOUND", `${what} not found`);
  }

  static invalid(fields: FieldError[]): AppError {
    const summary = fields.map((f) => `${f.path || "body"}: ${f.message}`).join("; ");
    return new AppError("VALIDATION_FAILED", `Invalid request: ${summary}`, fields);
  }

  static fromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): AppError {
    const at = (path: readonly PropertyKey[]) => [...prefix, ...path].map(String).join(".");
    return AppError.invalid(
      error.issues.flatMap((issue): FieldError[] =>
        // Strict objects report stray keys on the parent; name each stray field instead.
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => ({ path: at([...issue.path, key]), message: "is not a known field", code: "INVALID_VALUE" }))
          : [{ path: at(issue.path), message: issue.message, code: "INVALID_VALUE" }],
      ),
    );
  }
}

export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && APP_ERROR in value;
}
