import { expect, it } from "vitest";
import { startClickHouse } from "@connections/testkit";
import { tunnelConfig } from "../support/bastion-lab.ts";
import { expectCaVerified, query } from "../support/connections.ts";
import { describeTunneledType } from "../support/tunneled-type-suite.ts";

describeTunneledType(
  {
    type: "ClickHouse",
    start: async (lab) => {
      const server = await startClickHouse({ ...lab.db, tls: lab.certificates.serverTls });
      return { ...server, port: server.httpPort };
    },
    config: (lab, ch) => ({ host: lab.dbHost, port: ch.httpPort, database: ch.database, user: ch.user, password: ch.password }),
    // Bound on the client side: ClickHouse 18.16 has no server-side query parameters.
    paramQuery: { sql: "SELECT id, name FROM items WHERE name IN (?, ?) ORDER BY id", params: ["two", "it's \\ not"], ids: [2] },
    slowQuery: "SELECT sleep(3)",
    createProbe: "CREATE TABLE read_only_probe (id UInt32) ENGINE = Memory",
    moreWrites: ["ALTER TABLE items DELETE WHERE id = 1", "TRUNCATE TABLE items"],
    readOnlyEscapes: ["SET readonly = 0", "SELECT 1 SETTINGS readonly = 0"],
  },
  (ctx) => {
    it("secure with tls_ca verifies the database's real certificate; a wrong CA fails at db_tls", async () => {
      const { lab, server, tenant } = ctx();
      const base = {
        host: lab.dbHost,
        port: server.httpsPort,
        secure: true,
        database: server.database,
        user: server.user,
        password: server.password,
        ssh_tunnel: tunnelConfig(lab),
      };
      const good = await expectCaVerified(tenant, "ClickHouse", (ca) => ({ ...base, tls_ca: ca }), lab, "tls_ca");
      const result = await query(tenant, good, "SELECT id FROM items WHERE id = ?", [3]);
      expect(result.status, result.text).toBe(200);
      expect(result.body.data.rows).toEqual([[3]]);
    });
  },
);
