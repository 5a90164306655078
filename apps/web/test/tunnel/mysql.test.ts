import { expect, it } from "vitest";
import { startMariaDb } from "@connections/testkit";
import { tunnelConfig } from "../support/bastion-lab.ts";
import { createConnection, expectCaVerified, failedStage, testConnection } from "../support/connections.ts";
import { describeTunneledType } from "../support/tunneled-type-suite.ts";

describeTunneledType(
  {
    type: "MySQL",
    start: (lab) => startMariaDb({ ...lab.db, tls: lab.certificates.serverTls }),
    config: (lab, db) => ({ host: lab.dbHost, port: db.port, database: db.database, user: db.user, password: db.password }),
    paramQuery: { sql: "select id, name from items where id <> ? order by id", params: [2], ids: [1, 3] },
    slowQuery: "select sleep(5)",
    moreWrites: ["UPDATE items SET name = 'written'", "DELETE FROM items"],
    readOnlyEscapes: ["SET SESSION TRANSACTION READ WRITE", "START TRANSACTION READ WRITE", "SET SESSION tx_read_only = 0"],
  },
  (ctx) => {
    it("verify_identity succeeds against the database's real certificate; a wrong CA fails at db_tls", async () => {
      const { lab, server, tenant } = ctx();
      const base = {
        host: lab.dbHost,
        port: server.port,
        database: server.database,
        user: server.user,
        password: server.password,
        ssh_tunnel: tunnelConfig(lab),
      };
      await expectCaVerified(tenant, "MySQL", (ca) => ({ ...base, ssl: { mode: "verify_identity", ca } }), lab, "ssl.ca");
    });

    it("a wrong password fails at db_auth", async () => {
      const { lab, server, tenant } = ctx();
      const id = await createConnection(tenant, "MySQL", {
        host: lab.dbHost,
        port: server.port,
        database: server.database,
        user: server.user,
        password: "wrong",
        ssh_tunnel: tunnelConfig(lab),
      });
      expect(failedStage(await testConnection(tenant, id))).toMatchObject({ name: "db_auth", code: "DB_AUTH_FAILED" });
    });
  },
);
