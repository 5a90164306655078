// The one voice of field errors on screen: each names its field and says what to do. The schemas
// word a problem after the field's name ("must not be empty"); this makes it a sentence a form
// shows alone, under the field or in an error summary.

interface Subject {
  label: string;
  /** What to enter, for a missing value. */
  noun: string;
}

const SUBJECTS: Record<string, Subject> = {
  name: { label: "Name", noun: "a name" },
  type: { label: "Type", noun: "a type" },
  "config.host": { label: "Host", noun: "a host" },
  "config.port": { label: "Port", noun: "a port" },
  "config.database": { label: "Database", noun: "a database" },
  "config.user": { label: "User", noun: "a user" },
  "config.password": { label: "Password", noun: "a password" },
  "config.ssh_tunnel.host": { label: "Bastion host", noun: "the bastion host" },
  "config.ssh_tunnel.port": { label: "SSH port", noun: "the SSH port" },
  "config.ssh_tunnel.user": { label: "SSH user", noun: "the SSH user" },
  "config.ssh_tunnel.private_key": { label: "Private key", noun: "the private key" },
  "config.ssh_tunnel.private_key_passphrase": { label: "Private key passphrase", noun: "the private key passphrase" },
  "config.ssh_tunnel.host_key_fingerprint": { label: "Pinned host key", noun: "the bastion's host key fingerprint" },
  "config.ssh_tunnel.jump_hosts": { label: "Jump hosts", noun: "the jump hosts" },
  "config.ssh_tunnel.authorized_key": { label: "Agent public key", noun: "the agent's public key" },
};

// A jump host's fields, by their name in its row; a sentence about one is prefixed with its hop
// ("Jump host 2 · Enter a host."), so an error summary says which row it is about.
const JUMP_HOST_FIELDS: Record<string, Subject> = {
  host: { label: "Host", noun: "a host" },
  port: { label: "Port", noun: "a port" },
  user: { label: "User", noun: "a user" },
  private_key: { label: "Private key", noun: "the private key" },
  private_key_passphrase: { label: "Private key passphrase", noun: "the private key passphrase" },
  host_key_fingerprint: { label: "Pinned host key", noun: "the host key fingerprint" },
};

const JUMP_HOST_PATH = /^config\.ssh_tunnel\.jump_hosts\.(\d+)(?:\.(\w+))?$/;

/** "Jump host 2" for `config.ssh_tunnel.jump_hosts.1…` (and its fields), else null. */
function jumpHostOfPath(path: string): { prefix: string; field: string | undefined } | null {
  const match = JUMP_HOST_PATH.exec(path);
  return match ? { prefix: `Jump host ${Number(match[1]) + 1}`, field: match[2] } : null;
}

function fallbackSubject(last: string): Subject {
  const label = last.charAt(0).toUpperCase() + last.slice(1).replaceAll("_", " ");
  return { label, noun: `a value for ${label}` };
}

function subjectOf(path: string): Subject {
  const known = SUBJECTS[path];
  if (known) return known;
  return fallbackSubject(path.split(".").at(-1) ?? path);
}

const MISSING = /^(is required|must not be empty)(?:: one of (.+))?$/;
const MISSING_FOR = /^is required (to .+)$/;

/** A field's error as a sentence that names the field (`Enter a host.`, `Port must be …`). */
export function fieldSentence(path: string, message: string): string {
  const hop = jumpHostOfPath(path);
  if (hop) {
    if (message.startsWith(`${hop.prefix} · `)) return message;
    const subject = hop.field === undefined ? { label: "It", noun: "it" } : (JUMP_HOST_FIELDS[hop.field] ?? fallbackSubject(hop.field));
    return `${hop.prefix} · ${sentenceAbout(subject, path, message)}`;
  }
  return sentenceAbout(subjectOf(path), path, message);
}

function sentenceAbout(subject: Subject, path: string, message: string): string {
  // Already a sentence (a key hint, a file too large): shown as written.
  if (/^[A-Z]/.test(message)) return message;
  const missing = MISSING.exec(message);
  if (missing) {
    const verb = path === "type" ? "Choose" : "Enter";
    return missing[2] ? `${verb} ${subject.noun}: one of ${missing[2]}.` : `${verb} ${subject.noun}.`;
  }
  const missingFor = MISSING_FOR.exec(message);
  if (missingFor) return `Enter ${subject.noun} ${missingFor[1]!.replace("the SSH bastion", "the bastion")}.`;
  const sentence = `${subject.label} ${message}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
