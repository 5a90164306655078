import type { FieldErrorCode } from "@connections/core";

/** A private key problem, naming the ssh_tunnel field the user has to change. */
export class KeyError extends Error {
  readonly code: FieldErrorCode;
  readonly field: "private_key" | "private_key_passphrase";

  constructor(code: FieldErrorCode, field: KeyError["field"], message: string) {
    super(message);
    this.name = "KeyError";
    this.code = code;
    this.field = field;
  }
}
