import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

// SQLite creates its -wal, -shm and -journal files with the database file's own mode.
const SIDE_FILES = ["", "-wal", "-shm", "-journal"];

/**
 * Makes sure the SQLite database file exists and only its owner can read it: the folders created
 * for it are 0700, the file and its side files 0600 (tightened when an older install left them
 * readable by others). It holds access-key hashes, password hashes and encrypted secrets.
 */
export function privateSqliteFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  for (const suffix of SIDE_FILES) {
    if (existsSync(`${file}${suffix}`)) chmodSync(`${file}${suffix}`, 0o600);
  }
}
