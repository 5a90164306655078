import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { aptGet, aptGetArgs } from "../lib/apt-get.mjs";
import { lockHolders, waitForLocks } from "../lib/apt-lock.mjs";

// Waiting for another apt run, tested on lock files of our own: the machine's real apt and dpkg
// locks are never taken. apt itself runs against a private state directory.

// Debian's own interpreter starts in a tenth of the time a version manager's shim takes.
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const holders: ChildProcess[] = [];
afterEach(() => {
  for (const child of holders.splice(0)) child.kill("SIGKILL");
});

/** Holds an fcntl (POSIX) lock on `file`, as apt and dpkg do, for `seconds`; resolves once held. */
function holdLock(file: string, seconds: number): Promise<ChildProcess> {
  const script = `import fcntl, sys, time\nf = open(sys.argv[1], "w")\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint("held", flush=True)\ntime.sleep(float(sys.argv[2]))`;
  const child = spawn(PYTHON, ["-c", script, file, String(seconds)], { stdio: ["ignore", "pipe", "inherit"] });
  holders.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`lock holder exited (${code}) before taking the lock`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
}

function lockFile(name = "lock"): string {
  const file = join(mkdtempSync(join(tmpdir(), "connections-apt-lock-")), name);
  writeFileSync(file, "");
  return file;
}

describe("lock holders from /proc/locks", () => {
  it("names the process holding a lock, and nobody once it is gone", async () => {
    const file = lockFile();
    expect(lockHolders([file])).toEqual([]);
    const child = await holdLock(file, 30);
    expect(lockHolders([file, "/nonexistent/lock"])).toEqual([{ file, pid: child.pid, command: expect.stringMatching(/python/) }]);
    child.kill("SIGKILL");
    await exited(child);
    expect(lockHolders([file])).toEqual([]);
  });
});

describe("waiting for the lock", () => {
  it("returns at once when the lock is free", () => {
    const lines: string[] = [];
    expect(waitForLocks({ files: [lockFile()], log: (line: string) => lines.push(line) })).toBeLessThan(100);
    expect(lines).toEqual([]);
  });

  it("waits while another process holds it, saying so, and goes on once it is released", async () => {
    const file = lockFile();
    await holdLock(file, 2);
    const lines: string[] = [];
    const waited = waitForLocks({ files: [file], everyMs: 500, pollMs: 50, log: (line: string) => lines.push(line) });
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(lines[0]).toMatch(new RegExp(`waiting for another apt run to finish: ${file} \\(held by process \\d+ python`));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toMatch(/apt lock free after \d+ s/);
  });

  it("gives up after its limit with a message naming the holder", async () => {
    const file = lockFile();
    const child = await holdLock(file, 30);
    expect(() => waitForLocks({ files: [file], limitMs: 600, pollMs: 50, log: () => {} })).toThrow(
      new RegExp(`Gave up after 1 s waiting for another apt run to finish: ${file} \\(held by process ${child.pid}`),
    );
  });
});

describe("apt-get", () => {
  it("is told to wait for the dpkg lock itself", () => {
    expect(aptGetArgs(["install", "-y", "jq"])).toEqual(["-o", "DPkg::Lock::Timeout=600", "install", "-y", "jq"]);
  });

  // Real apt-get against a private state directory whose locks a test process holds.
  const canRunApt = process.getuid?.() === 0 && spawnSync("apt-get", ["--version"]).status === 0;

  function privateApt() {
    const dir = mkdtempSync(join(tmpdir(), "connections-apt-"));
    for (const sub of ["lists/partial", "cache/archives/partial", "dpkg/updates", "dpkg/info", "state", "sources.list.d"])
      mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, "dpkg/status"), "");
    writeFileSync(join(dir, "sources.list"), "");
    const settings = {
      "Dir::State": `${dir}/state`,
      "Dir::State::Lists": `${dir}/lists`,
      "Dir::State::status": `${dir}/dpkg/status`,
      "Dir::Cache": `${dir}/cache`,
      "Dir::Etc::sourcelist": `${dir}/sources.list`,
      "Dir::Etc::sourceparts": `${dir}/sources.list.d`,
    };
    const options = Object.entries(settings).flatMap(([key, value]) => ["-o", `${key}=${value}`]);
    const locks = ["dpkg/lock-frontend", "dpkg/lock", "lists/lock"].map((lock) => join(dir, lock));
    for (const lock of locks) writeFileSync(lock, "");
    return { options, locks, lock: (name: string) => join(dir, name) };
  }

  it.skipIf(!canRunApt).each(["lists/lock", "dpkg/lock-frontend"])("update and install wait while another run holds %s", async (name) => {
    const apt = privateApt();
    const lines: string[] = [];
    for (const args of [
      ["update", "-qq"],
      ["install", "-y", "-qq"],
    ]) {
      await holdLock(apt.lock(name), 1.5);
      const started = Date.now();
      aptGet(args, { lockFiles: apt.locks, options: apt.options, log: (line: string) => lines.push(line) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    }
    expect(lines.filter((line) => line.startsWith("waiting for another apt run"))).toHaveLength(2);
  });

  // The lock is taken after our own check (here: not listed for it), as when another run starts in
  // between: install waits inside apt (DPkg::Lock::Timeout); update, which apt 2.6 fails at once, is retried.
  it.skipIf(!canRunApt).each([
    ["install", "dpkg/lock-frontend"],
    ["update", "lists/lock"],
  ])("%s that loses the race for %s still waits instead of failing", async (command, name) => {
    const apt = privateApt();
    await holdLock(apt.lock(name), 1.5);
    const started = Date.now();
    aptGet([command, "-y", "-qq"], { lockFiles: [], options: apt.options, log: () => {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
