import { AppError } from "@connections/core";
import type { KeyError } from "@connections/tunnel";

/** A private key problem as the VALIDATION_FAILED error naming the ssh_tunnel field to change. */
export function keyFieldError(error: KeyError): AppError {
  return AppError.invalid([{ path: `config.ssh_tunnel.${error.field}`, code: error.code, message: error.message }]);
}
