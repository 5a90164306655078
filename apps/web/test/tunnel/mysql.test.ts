import { expect, it } from "vitest";
import { startMariaDb } from "@connections/testkit";
import { tunnelConfig } from "../support/bastion-lab.ts";
import { createConnection, failedStage, testConnection } from "../support/connections.ts";
import { describeTunneledType } from "../support/tunneled-type-suite.ts";

describeTunneledType(
  {
    type: "MySQL",
    start: (lab) => startMariaDb({ ...lab.db, tls: lab.certificates.serverTls }),
    config: (lab, db) => ({ host: lab.dbHost, port: db.port, database: db.database, user: db.user, password: db.password }),
    paramQuery: { sql: "select id, name from items where id <> ? order by id", params: [2], ids: [1, 3] },
  },
  (ctx) => {
    it("verify_identity succeeds against the database's real certificate; a wrong CA fails at db_tls", async () => {
      const { lab, server, tenant } = ctx();
      const base = { host: lab.dbHost, port: server.port, database: server.database, user: server.user, password: server.password, ssh_tunnel: tunnelConfig(lab) };
      const good = await createConnection(tenant, "MySQL", { ...base, ssl: { mode: "verify_identity", ca: lab.certificates.ca.pem } });
      const diagnosis = await testConnection(tenant, good);
      expect(diagnosis.ok, JSON.stringify(diagnosis.stages)).toBe(true);
      expect(diagnosis.stages.find((s) => s.name === "db_tls")?.status).toBe("ok");

      const bad = await createConnection(tenant, "MySQL", { ...base, ssl: { mode: "verify_identity", ca: lab.certificates.wrongCa.pem } });
      expect(failedStage(await testConnection(tenant, bad))).toMatchObject({ name: "db_tls", code: "DB_TLS_FAILED" });
    });

    it("a wrong password fails at db_auth", async () => {
      const { lab, server, tenant } = ctx();
      const id = await createConnection(tenant, "MySQL", { host: lab.dbHost, port: server.port, database: server.database, user: server.user, password: "wrong", ssh_tunnel: tunnelConfig(lab) });
      expect(failedStage(await testConnection(tenant, id))).toMatchObject({ name: "db_auth", code: "DB_AUTH_FAILED" });
    });
  },
);
