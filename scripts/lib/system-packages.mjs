// Debian packages the test suite needs, installed with apt when missing (CI starts from a plain
// machine). Returns the Python interpreter that has `requests`, for the docs' Python example.
import { existsSync, readdirSync } from "node:fs";
import { aptGet } from "./apt-get.mjs";
import { capture, step } from "./run.mjs";

const COMMANDS = {
  jq: "jq",
  curl: "curl",
  "ssh-keygen": "openssh-client",
  "/usr/sbin/sshd": "openssh-server",
  openssl: "openssl",
  setpriv: "util-linux",
  ip: "iproute2",
  nft: "nftables",
  mariadbd: "mariadb-server",
  "clickhouse-server": "clickhouse-server",
  puttygen: "putty-tools",
  chromium: "chromium",
};

function hasPostgres() {
  const dirs = [
    "/usr/local/bin",
    ...(existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin`) : []),
  ];
  return dirs.some((dir) => existsSync(`${dir}/postgres`) && existsSync(`${dir}/initdb`));
}

function pythonWithRequests() {
  return ["python3", "/usr/bin/python3"].find((python) => capture(python, ["-c", "import requests"]).ok);
}

export function ensureSystemPackages() {
  const missing = Object.entries(COMMANDS)
    .filter(([command]) => !capture("sh", ["-c", `command -v ${command}`]).ok)
    .map(([, pkg]) => pkg);
  if (!hasPostgres()) missing.push("postgresql");
  if (!pythonWithRequests()) missing.push("python3-requests");
  if (missing.length) {
    if (process.getuid?.() !== 0) {
      console.error(`Missing system packages: ${missing.join(" ")}. Install them (apt-get install ${missing.join(" ")}) and run again.`);
      process.exit(1);
    }
    step(`installing system packages: ${missing.join(" ")}`);
    try {
      aptGet(["update", "-qq"]);
      aptGet(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
    } catch (error) {
      console.error(`\n✗ ${error.message}`);
      process.exit(1);
    }
  }
  return pythonWithRequests();
}
