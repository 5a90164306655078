import { startClickHouse } from "@connections/testkit";
import { describeTunneledType } from "../support/tunneled-type-suite.ts";

describeTunneledType({
  type: "ClickHouse",
  start: async (lab) => {
    const server = await startClickHouse(lab.db);
    return { ...server, port: server.httpPort };
  },
  config: (lab, ch) => ({ host: lab.dbHost, port: ch.httpPort, database: ch.database, user: ch.user, password: ch.password }),
  // Bound on the client side: ClickHouse 18.16 has no server-side query parameters.
  paramQuery: { sql: "SELECT id, name FROM items WHERE name IN (?, ?) ORDER BY id", params: ["two", "it's \\ not"], ids: [2] },
});
