import { startPeerProcess } from "@connections/testkit";
import { REFUSED_BEFORE_SENDING } from "../support/read-only.ts";
import { describeTunneledType } from "../support/tunneled-type-suite.ts";

// Vertica itself cannot run here: this is the protocol-faithful Vertica peer (testkit/vertica-peer), backed by SQLite.
describeTunneledType({
  type: "Vertica",
  start: (lab) => startPeerProcess("vertica", lab.db, 15433),
  config: (lab, peer) => ({ host: lab.dbHost, port: peer.port, database: peer.database, user: peer.user, password: peer.password }),
  paramQuery: { sql: "SELECT id, name FROM items WHERE id < ? ORDER BY id", params: [3], ids: [1, 2] },
  moreWrites: REFUSED_BEFORE_SENDING,
  readOnlyEscapes: [],
});
