export { delay, startProcess, waitFor, type RunningProcess } from "./child-process.ts";
export { startClickHouse, type ClickHouseOptions, type ClickHouseServer } from "./clickhouse-server.ts";
export { freePort } from "./free-port.ts";
export { startMariaDb, type MariaDbOptions, type MariaDbServer } from "./mariadb-server.ts";
export { createNetworkLab, networkLabAvailable, runInNamespace, type NetworkLab, type NetworkLabOptions } from "./network-lab.ts";
export { inNetns, runScript } from "./network-namespace.ts";
export { startNextServer, type NextServer } from "./next-server.ts";
export { startPostgres, type PostgresOptions, type PostgresServer } from "./postgres-server.ts";
export { scratchDir } from "./scratch-dir.ts";
export { sshKeygen, type GeneratedKey } from "./ssh-keys.ts";
export { startSshd, type SshdOptions, type SshdRestartOptions, type SshdServer, type SshdSettings } from "./sshd-server.ts";
export { makeCertificates, type PemFile, type TestCertificates, type TlsFiles } from "./tls-certificates.ts";
export { startTrinoPeer } from "./trino-peer/index.ts";
export { startVerticaPeer } from "./vertica-peer/index.ts";
export { startPeerProcess, type PeerProcess } from "./peer-process.ts";
export { recordFigure, trials, type Figure } from "./figures.ts";
export { startCountingProxy, type ByteCounts, type CountingProxy } from "./counting-proxy.ts";
export { footprint, heapAfterGc, settledFootprint, type Footprint } from "./process-footprint.ts";
export {
  CHANNEL_OPEN_FAILURE,
  startFaultSshServer,
  type ChannelOpenFailureReason,
  type FaultSshOptions,
  type FaultSshServer,
  type SshFault,
} from "./fault-ssh-server.ts";
export { startOpenSshForward, type OpenSshForward, type OpenSshForwardOptions, type OpenSshHop } from "./openssh-forward.ts";
export { createReverseLab, reverseLabAvailable, type ReverseLab } from "./reverse-lab.ts";
export { agentHome, startAgent, type AgentHome, type AgentRun } from "./openssh-agent.ts";
export { ssh2Login, type Ssh2Login, type Ssh2LoginError, type Ssh2Session } from "./ssh2-login.ts";
