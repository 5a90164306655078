import {
  describeStageError,
  type Hop,
  type SshServerRef,
  type StageErrorCode,
  type StageErrorDetails,
  type StageName,
} from "@connections/core";

const TUNNEL_ERROR = Symbol.for("connections.TunnelError");

/** `detail` is what the code's stage or hint depends on (see STAGE_ERRORS); codes with a fixed stage and hint take none. */
export type TunnelErrorOptions<C extends StageErrorCode> = {
  cause?: unknown;
  server?: SshServerRef | undefined;
  /** For HOST_KEY_MISMATCH: the key pinned and the key the server showed, for "Accept new host key". */
  hostKeys?: HostKeyMismatch;
} & (undefined extends StageErrorDetails[C] ? { detail?: StageErrorDetails[C] } : { detail: StageErrorDetails[C] });

type OptionsArgument<C extends StageErrorCode> = undefined extends StageErrorDetails[C]
  ? [options?: TunnelErrorOptions<C>]
  : [options: TunnelErrorOptions<C>];

/** The fingerprints a host key mismatch is between. */
export interface HostKeyMismatch {
  pinned: string;
  presented: string;
}

/** A failure at one stage, with a stable code and a hint naming the field or setting to fix. */
class StageError extends Error {
  readonly [TUNNEL_ERROR] = true;
  readonly code: StageErrorCode;
  readonly stage: StageName;
  readonly hint: string;
  /** The SSH server of a chain the failure is about; absent without jump hosts. */
  readonly hop: Hop | undefined;
  readonly hostKeys: HostKeyMismatch | undefined;

  constructor(
    code: StageErrorCode,
    message: string,
    options: { cause?: unknown; detail?: unknown; server?: SshServerRef | undefined; hostKeys?: HostKeyMismatch } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TunnelError";
    this.code = code;
    this.hop = options.server?.hop;
    this.hostKeys = options.hostKeys;
    ({ stage: this.stage, hint: this.hint } = describeStageError(code, options.detail as never, options.server));
  }

  static is(error: unknown): error is StageError {
    return typeof error === "object" && error !== null && TUNNEL_ERROR in error;
  }
}

// Logs and test output name the class as callers know it.
Object.defineProperty(StageError, "name", { value: "TunnelError" });

// The constructor's type ties each code to its own detail, which a class constructor cannot declare.
interface TunnelErrorConstructor {
  new <C extends StageErrorCode>(code: C, message: string, ...options: OptionsArgument<C>): StageError;
  readonly prototype: StageError;
  is(error: unknown): error is StageError;
}

export const TunnelError = StageError as TunnelErrorConstructor;
export type TunnelError = StageError;
