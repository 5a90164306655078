import { AppError, type FieldError } from "@connections/core";
import type { KeyError } from "@connections/tunnel";

/** A private key problem as the field to change, in `block`: the tunnel or one of its jump hosts ("ssh_tunnel.jump_hosts.0"). */
export function keyFieldProblem(error: KeyError, block = "ssh_tunnel"): FieldError {
  return { path: `config.${block}.${error.field}`, code: error.code, message: error.message };
}

/** A private key problem as the VALIDATION_FAILED error naming the field to change (see keyFieldProblem). */
export function keyFieldError(error: KeyError, block = "ssh_tunnel"): AppError {
  return AppError.invalid([keyFieldProblem(error, block)]);
}
