import type { StageErrorCode, StageName } from "@connections/core";

const TUNNEL_ERROR = Symbol.for("connections.TunnelError");

/** A failure at one stage, with a stable code and a hint naming the field or setting to fix. */
export class TunnelError extends Error {
  readonly [TUNNEL_ERROR] = true;
  readonly code: StageErrorCode;
  readonly stage: StageName;
  readonly hint: string;

  constructor(stage: StageName, code: StageErrorCode, message: string, hint: string) {
    super(message);
    this.name = "TunnelError";
    this.stage = stage;
    this.code = code;
    this.hint = hint;
  }

  static is(error: unknown): error is TunnelError {
    return typeof error === "object" && error !== null && TUNNEL_ERROR in error;
  }
}
