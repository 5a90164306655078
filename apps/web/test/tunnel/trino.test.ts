import { expect, it } from "vitest";
import { startPeerProcess } from "@connections/testkit";
import { tunnelConfig } from "../support/bastion-lab.ts";
import { expectCaVerified, query } from "../support/connections.ts";
import { REFUSED_BEFORE_SENDING } from "../support/read-only.ts";
import { describeTunneledType } from "../support/tunneled-type-suite.ts";

// Trino itself cannot run here: this is the protocol-faithful Trino peer (testkit/trino-peer), backed by SQLite.
describeTunneledType(
  {
    type: "Trino",
    start: (lab) => startPeerProcess("trino", lab.db, 18080),
    config: (lab, peer) => ({
      host: lab.dbHost,
      port: peer.port,
      user: peer.user,
      password: peer.password,
      catalog: "memory",
      schema: "default",
    }),
    paramQuery: { sql: "SELECT id, name FROM items WHERE id > ? ORDER BY id", params: [1], ids: [2, 3] },
    moreWrites: REFUSED_BEFORE_SENDING,
    readOnlyEscapes: [],
  },
  (ctx) => {
    it("https with tls_ca verifies the peer's real certificate through the tunnel; a wrong CA fails at db_tls", async () => {
      const { lab, tenant } = ctx();
      const peer = await startPeerProcess("trino", lab.db, 18443, lab.certificates.serverTls);
      try {
        const base = {
          host: lab.dbHost,
          port: peer.port,
          http_scheme: "https",
          user: peer.user,
          password: peer.password,
          catalog: "memory",
          schema: "default",
          ssh_tunnel: tunnelConfig(lab),
        };
        const good = await expectCaVerified(tenant, "Trino", (ca) => ({ ...base, tls_ca: ca }), lab, "tls_ca");
        const result = await query(tenant, good, "SELECT id FROM items WHERE id = ?", [3]);
        expect(result.status, result.text).toBe(200);
        expect(result.body.data.rows).toEqual([[3]]);
      } finally {
        await peer.stop();
      }
    });
  },
);
