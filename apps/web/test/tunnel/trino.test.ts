import { startPeerProcess } from "@connections/testkit";
import { describeTunneledType } from "../support/tunneled-type-suite.ts";

// Trino itself cannot run here: this is the protocol-faithful Trino peer (testkit/trino-peer), backed by SQLite.
describeTunneledType({
  type: "Trino",
  start: (lab) => startPeerProcess("trino", lab.db, 18080),
  config: (lab, peer) => ({ host: lab.dbHost, port: peer.port, user: peer.user, password: peer.password, catalog: "memory", schema: "default" }),
  paramQuery: { sql: "SELECT id, name FROM items WHERE id > ? ORDER BY id", params: [1], ids: [2, 3] },
});
