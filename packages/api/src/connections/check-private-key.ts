import type { FieldError } from "@connections/core";
import { KeyError, parsePrivateKey } from "@connections/tunnel";
import { keyFieldProblem } from "./key-field-error.ts";
import type { JumpKeyInfo } from "./stored-connection.ts";

/** The key fields of the tunnel or of one jump host. */
interface KeyFields {
  private_key?: string;
  private_key_passphrase?: string;
}

/** The public half of the block's own key (none given: no key), or the field to fix. */
export type KeyCheck = { key?: JumpKeyInfo; problem?: undefined } | { key?: undefined; problem: FieldError };

/**
 * Checks the private key of `block` ("ssh_tunnel" or "ssh_tunnel.jump_hosts.N"): that it parses,
 * its passphrase opens it, and that no passphrase comes without a key (`passphraseAlone` says why).
 */
export async function checkPrivateKey(fields: KeyFields, block: string, passphraseAlone: string): Promise<KeyCheck> {
  if (fields.private_key === undefined) {
    if (fields.private_key_passphrase === undefined) return {};
    return { problem: { path: `config.${block}.private_key_passphrase`, code: "INVALID_VALUE", message: passphraseAlone } };
  }
  try {
    const key = await parsePrivateKey(fields.private_key, fields.private_key_passphrase);
    return { key: { public_key: key.publicKey, public_key_fingerprint: key.fingerprint, key_warnings: key.warnings } };
  } catch (error) {
    if (!(error instanceof KeyError)) throw error;
    return { problem: keyFieldProblem(error, block) };
  }
}
