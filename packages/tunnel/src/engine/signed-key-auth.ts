import type { Client, ParsedKey } from "ssh2";

// ssh2 asks the server whether it would take a public key (a query without a signature) and signs
// only after USERAUTH_PK_OK: a round trip RFC 4252 §7 lets the client skip ("The client MAY send
// the signature directly without first verifying whether the key is acceptable"). ssh2 has no
// option for it, so this reaches its protocol object the way its own client does; a test checks
// these internals stay in place.

type Signer = (data: Buffer, done: (signature: Buffer) => void) => void;
type AuthPk = (username: string, key: ParsedKey, keyAlgo: string | undefined, sign?: Signer) => void;

interface ClientInternals {
  _protocol?: { authPK?: AuthPk };
}

/** The hash ssh2 signs with for each RSA signature algorithm; other key types have one algorithm. */
const RSA_HASHES: Record<string, string> = { "rsa-sha2-256": "sha256", "rsa-sha2-512": "sha512", "ssh-rsa": "sha1" };

/** True when `signKeyWithoutQuery` can reach ssh2's protocol on this (connecting) client. */
export function canSignWithoutQuery(client: Client): boolean {
  return typeof (client as unknown as ClientInternals)._protocol?.authPK === "function";
}

/**
 * Makes every public-key attempt of this client carry its signature, so the server answers
 * USERAUTH_SUCCESS or USERAUTH_FAILURE at once. Call right after `client.connect()`, which creates
 * the protocol object. ssh2's handling of both answers is unchanged: on failure it tries the next
 * RSA algorithm (signed too) or gives up. Returns false, changing nothing, if the internals moved.
 */
export function signKeyWithoutQuery(client: Client): boolean {
  const protocol = (client as unknown as ClientInternals)._protocol;
  const authPK = protocol?.authPK;
  if (!protocol || typeof authPK !== "function") return false;
  protocol.authPK = function (this: unknown, username, key, keyAlgo, sign) {
    if (sign) return authPK.call(this, username, key, keyAlgo, sign);
    const hash = keyAlgo === undefined ? undefined : RSA_HASHES[keyAlgo];
    return authPK.call(this, username, key, keyAlgo, (data, done) => {
      const signature = signOrError(key, data, hash);
      // Not signed, not sent: ssh2's query instead, whose own signing step then reports the error.
      if (signature instanceof Error) authPK.call(this, username, key, keyAlgo);
      else done(signature);
    });
  } satisfies AuthPk;
  return true;
}

function signOrError(key: ParsedKey, data: Buffer, hash: string | undefined): Buffer | Error {
  try {
    // ssh2 returns an Error instead of throwing; its type says Buffer.
    return key.sign(data, hash) as Buffer | Error;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
