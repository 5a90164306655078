import { KeyError } from "./key-error.ts";

// The key types ssh2 can sign with, as SSH names them.
const USABLE_TYPES = new Set(["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]);
const DSA_TYPE = "ssh-dss";

/** Refuses a key whose type SSH cannot use here, naming the type. DSA gets its own code. */
export function refuseUnusableType(type: string): void {
  if (type === DSA_TYPE || type === "dsa") {
    throw new KeyError(
      "PRIVATE_KEY_DSA",
      "private_key",
      "is a DSA (ssh-dss) key, which current OpenSSH refuses: make an Ed25519 key (ssh-keygen -t ed25519) and add its public key to the bastion's authorized_keys",
    );
  }
  if (USABLE_TYPES.has(type)) return;
  const why = type.startsWith("sk-")
    ? " (a FIDO security-key type: it needs the hardware key present at every login, which a server cannot have)"
    : "";
  throw new KeyError(
    "PRIVATE_KEY_UNSUPPORTED",
    "private_key",
    `is a key of type ${printable(type)}${why}, which SSH cannot use here: use an Ed25519, ECDSA (P-256, P-384, P-521) or RSA key`,
  );
}

/** The SSH type of a key node:crypto read, or a name for the error when SSH has none. */
export function sshTypeOfNodeKey(type: string | undefined, namedCurve: string | undefined): string {
  if (type === "ed25519") return "ssh-ed25519";
  if (type === "rsa") return "ssh-rsa";
  if (type === "dsa") return DSA_TYPE;
  if (type === "ec") {
    const curve = { prime256v1: "nistp256", secp384r1: "nistp384", secp521r1: "nistp521" }[namedCurve ?? ""];
    return curve ? `ecdsa-sha2-${curve}` : `EC ${namedCurve ?? "with unnamed curve"}`;
  }
  return type === undefined ? "unknown" : type.toUpperCase().replace(/^ED/, "Ed");
}

// The name comes from the pasted text: keep it short and printable in the message.
function printable(type: string): string {
  const clean = type.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}
