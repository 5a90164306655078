import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { waitFor, type RunningProcess } from "../../src/child-process.ts";
import { runInNamespace } from "../../src/network-lab.ts";
import { scratchDir } from "../../src/scratch-dir.ts";

// Echo peers for the network labs' tests: a server and a client run in a namespace, and a client
// in the test process.

// Echo server: listens on argv[1] (port 0 = kernel picks), prints "LISTENING <port>" to its log.
const ECHO_SERVER = `const s=require("net").createServer(c=>c.pipe(c));s.listen(0,process.argv[1],()=>console.log("LISTENING "+s.address().port));`;
// Client: connects to argv[1]:argv[2], sends a token, exits 0 only if the same token comes back.
const ECHO_CLIENT = `const [h,p]=process.argv.slice(1);const t="ping-"+process.pid;let got="";
setTimeout(()=>{console.log("TIMEOUT");process.exit(2)},5000).unref();
const c=require("net").connect({host:h,port:+p},()=>c.write(t));
c.on("data",d=>{got+=d;if(got===t){console.log("ECHO "+got);c.end();process.exit(0)}});
c.on("error",e=>{console.log("ERROR "+e.code);process.exit(1)});`;

let dir: string | undefined;
let logCount = 0;
const log = (name: string) => join((dir ??= scratchDir("netlab")), `${++logCount}-${name}.log`);

/** An echo server in `ns` on `address`, on a port the kernel picks. */
export async function startEcho(ns: string, address: string): Promise<{ proc: RunningProcess; port: number }> {
  const proc = runInNamespace(ns, process.execPath, ["-e", ECHO_SERVER, address], log("echo-server"));
  let port = 0;
  await waitFor(
    `echo server in ${ns}`,
    async () => {
      const match = /LISTENING (\d+)/.exec(readFileSync(proc.logFile, "utf8"));
      if (match) port = Number(match[1]);
      return port > 0;
    },
    10_000,
    proc,
  );
  return { proc, port };
}

/** Connects from the test process (default namespace); resolves the echo or rejects with the error code. */
export function echoFromHere(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error("timeout"), { code: "TIMEOUT" }));
    }, timeoutMs);
    let got = "";
    socket.once("connect", () => socket.write("hello"));
    socket.on("data", (d) => {
      got += d;
      if (got === "hello") {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Runs the echo client in `ns`; exit code 0 means the token came back. */
export async function echoFromNamespace(ns: string, host: string, port: number): Promise<{ code: number | null; output: string }> {
  const proc = runInNamespace(ns, process.execPath, ["-e", ECHO_CLIENT, host, String(port)], log("echo-client"));
  const code = await proc.exited;
  return { code, output: readFileSync(proc.logFile, "utf8") };
}
