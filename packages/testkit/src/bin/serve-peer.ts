// Runs a protocol peer as its own process, so it can live inside a private network namespace.
// Prints one JSON line with its address and credentials, then serves until SIGTERM.
import { startTrinoPeer } from "../trino-peer/index.ts";
import { startVerticaPeer } from "../vertica-peer/index.ts";

// Optional trailing certPath keyPath: serve Trino over HTTPS.
const [kind, bindAddress, port, certPath, keyPath] = process.argv.slice(2);
const tls = certPath && keyPath ? { tls: { certPath, keyPath } } : {};
const peer =
  kind === "trino"
    ? await startTrinoPeer({ bindAddress, port: Number(port), auth: { user: "analyst", password: "trino-peer-password" }, ...tls })
    : await startVerticaPeer({ bindAddress, port: Number(port) });
const { stop, ...address } = peer as typeof peer & { stop(): Promise<void> };
process.stdout.write(
  `${JSON.stringify({ ready: true, kind, ...Object.fromEntries(Object.entries(address).filter(([, v]) => typeof v !== "function")) })}\n`,
);
process.once("SIGTERM", () => void stop().then(() => process.exit(0)));
