// Another apt run (an operator's, unattended-upgrades) holds apt's and dpkg's locks for minutes;
// apt-get fails at once when it finds them taken, so the scripts wait for them first. The holders
// are read from /proc/locks, which lists every lock on the machine without taking one.
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";

export const APT_LOCK_FILES = [
  "/var/lib/dpkg/lock-frontend",
  "/var/lib/dpkg/lock",
  "/var/lib/apt/lists/lock",
  "/var/cache/apt/archives/lock",
];
/** How long to wait for another apt run before giving up. */
export const APT_LOCK_LIMIT_MS = 10 * 60_000;

/**
 * The processes holding a lock on any of `files` (POSIX, OFD or flock locks), from /proc/locks.
 * @param {string[]} files
 * @returns {{ file: string, pid: number, command: string }[]}
 */
export function lockHolders(files, procLocks = "/proc/locks") {
  const wanted = new Map();
  for (const file of files) {
    if (!existsSync(file)) continue;
    const { dev, ino } = statSync(file, { bigint: true });
    wanted.set(String(ino), { file, device: `${deviceMajor(dev)}:${deviceMinor(dev)}` });
  }
  if (wanted.size === 0 || !existsSync(procLocks)) return [];
  const holders = [];
  for (const line of readFileSync(procLocks, "utf8").split("\n")) {
    // "1: POSIX  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"; lines with "->" are waiters, not holders.
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8 || fields[1] === "->") continue;
    const [major, minor, inode] = fields[5].split(":");
    const match = wanted.get(inode);
    const pid = Number(fields[4]);
    if (!match) continue;
    // On overlayfs (containers) the lock names the upper layer's device, not the one stat reports:
    // then the holder must have the file open.
    if (match.device !== `${BigInt(`0x${major}`)}:${BigInt(`0x${minor}`)}` && !hasOpen(pid, match.file)) continue;
    holders.push({ file: match.file, pid, command: commandOf(pid) });
  }
  return holders;
}

/**
 * Blocks until no process holds any of `files`, saying what it waits for at once and then every
 * `everyMs`; throws after `limitMs`. Returns how long it waited.
 * @param {{ files?: string[], limitMs?: number, everyMs?: number, pollMs?: number, log?: (line: string) => void }} [settings]
 * @returns {number}
 */
export function waitForLocks({
  files = APT_LOCK_FILES,
  limitMs = APT_LOCK_LIMIT_MS,
  everyMs = 10_000,
  pollMs = 250,
  log = console.log,
} = {}) {
  const started = Date.now();
  let nextMessage = started;
  for (;;) {
    const holders = lockHolders(files);
    const waited = Date.now() - started;
    if (holders.length === 0) {
      if (waited > 0 && nextMessage > started) log(`apt lock free after ${Math.round(waited / 1000)} s`);
      return waited;
    }
    const held = holders.map((h) => `${h.file} (held by process ${h.pid}${h.command ? ` ${h.command}` : ""})`).join(", ");
    if (waited >= limitMs)
      throw new Error(
        `Gave up after ${Math.round(limitMs / 1000)} s waiting for another apt run to finish: ${held}. Run again when it is done.`,
      );
    if (Date.now() >= nextMessage) {
      log(
        `waiting for another apt run to finish: ${held}, ${Math.round(waited / 1000)} s so far (at most ${Math.round(limitMs / 1000)} s)`,
      );
      nextMessage += everyMs;
    }
    sleep(pollMs);
  }
}

/** Blocks this thread for `ms` (the scripts are synchronous). */
export function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function hasOpen(pid, file) {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSafe(`/proc/${pid}/fd/${fd}`) === file);
  } catch {
    return false;
  }
}

function readlinkSafe(path) {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

// Linux's dev_t encoding (glibc's major()/minor()).
function deviceMajor(dev) {
  return ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
}
function deviceMinor(dev) {
  return (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
}
