// data/ holds the SQLite database, the master key (local.env) and the demo credentials: only the
// user running the service may read it.
import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR } from "./paths.mjs";

/**
 * From here on this process and its children create files 0600 and folders 0700 (umask 077);
 * data/ itself is made 0700 and whatever an older install left in it 0600.
 */
export function privateDataDir() {
  process.umask(0o077);
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  chmodSync(DATA_DIR, 0o700);
  for (const entry of readdirSync(DATA_DIR, { withFileTypes: true })) {
    if (entry.isFile()) chmodSync(join(DATA_DIR, entry.name), 0o600);
  }
}
