// The shared corpus of published SSH test keys (../shared/key-corpus beside the repo), read at run
// time: none of its keys is ever copied into this repo.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const REPO_ROOT = resolve(import.meta.dirname, "../../../..");
export const KEY_CORPUS_DIR = resolve(REPO_ROOT, "../shared/key-corpus");
export const keyCorpusPresent = existsSync(resolve(KEY_CORPUS_DIR, "corpus.json"));

export interface CorpusEntry {
  id: string;
  file: string;
  format: string;
  type?: string | null;
  bits?: number | null;
  passphrase: string | null;
  expect: "accept" | "refuse" | "either";
  refusal_kind?: "public" | "invalid" | "unsupported" | "ppk3_export" | "any";
  expected_public_key?: string;
  derived_checks?: ("passphrase_missing" | "passphrase_wrong")[];
}

export function readKeyCorpus(): CorpusEntry[] {
  if (!keyCorpusPresent) return [];
  return (JSON.parse(readFileSync(resolve(KEY_CORPUS_DIR, "corpus.json"), "utf8")) as { keys: CorpusEntry[] }).keys;
}

export function corpusKeyText(entry: CorpusEntry): string {
  return readFileSync(resolve(KEY_CORPUS_DIR, entry.file), "utf8");
}

export type Outcome =
  | { accept: true; warning: boolean }
  | { accept: false; field: "private_key" | "private_key_passphrase"; code: string; message?: RegExp | string };

// Where the answer is decided here rather than read from the corpus: issue #11's rules where they
// differ from the corpus's expectation (the issue wins), and the request schema's own answer.
const DECIDED_HERE: Record<string, { outcome: Outcome; why: string }> = {
  "ssh2-ppk_dsa_enc": { outcome: refused("PRIVATE_KEY_DSA"), why: "corpus accepts .ppk v2 DSA; the issue refuses every DSA key" },
  "mina-ppk-ssh-dss": { outcome: refused("PRIVATE_KEY_DSA"), why: "corpus accepts .ppk v2 DSA; the issue refuses every DSA key" },
  "sshpk-ed25519-invalid-mask": {
    outcome: refused("PRIVATE_KEY_UNSUPPORTED", "X25519"),
    why: "corpus calls it invalid, but it is a complete X25519 key whose embedded public key matches: a type SSH cannot use",
  },
  "paramiko-blank_rsa": {
    outcome: {
      accept: false,
      field: "private_key",
      code: "INVALID_VALUE",
      message: "must not be empty; omit it to have a key pair generated",
    },
    why: "an empty file is refused on private_key by the request schema (INVALID_VALUE) before any key parsing",
  },
};

/** What the service must answer for a corpus key, by the corpus and issue #11's rules. */
export function expectedOutcome(entry: CorpusEntry): Outcome {
  const decided = DECIDED_HERE[entry.id];
  if (decided) return decided.outcome;
  if (entry.type === "ssh-dss" && entry.expect !== "refuse") return refused("PRIVATE_KEY_DSA", "DSA");
  if (entry.expect === "accept" || entry.expect === "either")
    return { accept: true, warning: entry.type === "ssh-rsa" && (entry.bits ?? 0) < 2048 };
  switch (entry.refusal_kind) {
    case "public":
      return refused("PRIVATE_KEY_IS_PUBLIC");
    case "invalid":
      return refused("PRIVATE_KEY_INVALID");
    case "unsupported":
      return refused("PRIVATE_KEY_UNSUPPORTED", entry.type ?? undefined);
    case "any":
      return refused("PRIVATE_KEY_UNSUPPORTED", "not support");
    case "ppk3_export":
      // The corpus takes either answer; this service converts unencrypted v3 keys itself.
      return entry.passphrase === null ? { accept: true, warning: false } : refused("PRIVATE_KEY_UNSUPPORTED", "Export OpenSSH key");
    default:
      throw new Error(`corpus entry ${entry.id} has no refusal_kind`);
  }
}

function refused(code: string, message?: string): Outcome {
  return { accept: false, field: "private_key", code, ...(message ? { message } : {}) };
}
