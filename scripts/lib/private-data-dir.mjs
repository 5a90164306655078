// data/ holds the SQLite database, the master key (local.env) and the demo credentials: only the
// user running the service may read it.
import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR } from "./paths.mjs";

/** Makes the data folder 0700 and whatever an older install left in it 0600. */
export function privateDataDir(dir = DATA_DIR) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) chmodSync(join(dir, entry.name), 0o600);
  }
}
