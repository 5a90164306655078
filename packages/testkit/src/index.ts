export { delay, startProcess, waitFor, type RunningProcess } from "./child-process.ts";
export { freePort } from "./free-port.ts";
export { startNextServer, type NextServer } from "./next-server.ts";
export { startPostgres, type PostgresServer } from "./postgres-server.ts";
export { sshKeygen, type GeneratedKey } from "./ssh-keys.ts";
export { scratchDir } from "./scratch-dir.ts";
