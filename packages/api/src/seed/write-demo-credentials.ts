import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export interface DemoCredentials {
  email: string;
  password: string | null;
  projectId: string;
  accessKey: string | null;
}

/**
 * Writes what was just created for the demo to a file only its owner can read (0600, in a 0700
 * folder when it creates one), as shell variables: `set -a; . FILE; set +a` exports them.
 */
export function writeDemoCredentials(file: string, credentials: DemoCredentials): void {
  const lines = [
    "# The demo account, created on the first start and shown nowhere else. For a new password run",
    "# `npm run -s cli -- users reset-password demo@connections.local`.",
    `DEMO_EMAIL=${credentials.email}`,
    ...(credentials.password ? [`DEMO_PASSWORD=${credentials.password}`] : []),
    `DYNAMIQ_PROJECT_ID=${credentials.projectId}`,
    ...(credentials.accessKey ? [`DYNAMIQ_ACCESS_KEY=${credentials.accessKey}`] : []),
  ];
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, "w", 0o600);
  try {
    // A file left from before may be readable by others: tighten it before writing a secret.
    fchmodSync(fd, 0o600);
    writeSync(fd, `${lines.join("\n")}\n`);
  } finally {
    closeSync(fd);
  }
}
