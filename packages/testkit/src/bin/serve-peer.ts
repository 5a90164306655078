// Runs a protocol peer as its own process, so it can live inside a private network namespace.
// Prints one JSON line with its address and credentials, then serves until SIGTERM.
import { startTrinoPeer } from "../trino-peer/index.ts";
import { startVerticaPeer } from "../vertica-peer/index.ts";

const [kind, bindAddress, port] = process.argv.slice(2);
const peer =
  kind === "trino"
    ? await startTrinoPeer({ bindAddress, port: Number(port), auth: { user: "analyst", password: "trino-peer-password" } })
    : await startVerticaPeer({ bindAddress, port: Number(port) });
const { stop, ...address } = peer as typeof peer & { stop(): Promise<void> };
process.stdout.write(`${JSON.stringify({ ready: true, kind, ...Object.fromEntries(Object.entries(address).filter(([, v]) => typeof v !== "function")) })}\n`);
process.once("SIGTERM", () => void stop().then(() => process.exit(0)));
