import { createServer, type AddressInfo, type Server } from "node:net";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionInputSchemas, isAppError } from "@connections/core";
import { BUILT_IN_DRIVERS, type ConfigDriver } from "@connections/drivers";
import { connectionTypesOf } from "../../src/connection-types.ts";
import { readRestInput, type RestInputSchemas } from "../../src/rest-input.ts";
import { createAppRouter } from "../../src/trpc/root.ts";
import { FAKE, SIX_CHOICES, sixTypes, type FakebaseConfig } from "../support/fakebase-type.ts";
import { expectRefusedUnchanged } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Tenant } from "./support/world.ts";

// The sixth type's database: a line protocol on loopback. The first line is the token, then each
// line is a statement, answered with one line. It keeps what it received, as "<token> <statement>",
// and each login's token.
const received: string[] = [];
const logins: string[] = [];
function startFakebase(): Promise<Server> {
  const server = createServer((socket) => {
    // A client that resets (the diagnosis's bare TCP probe) is no failure of the server's.
    socket.on("error", () => {});
    let token: string | undefined;
    createInterface({ input: socket }).on("line", (line) => {
      if (token === undefined) {
        token = line;
        logins.push(line);
        return;
      }
      received.push(`${token} ${line}`);
      socket.write(`fakebase: ${line}\n`);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// The sixth type's driver, defined here only: it reaches the database through the transport the
// service gives it, sends the token, then one line per statement.
const fakebaseDriver: ConfigDriver<FakebaseConfig> = {
  async connect(config, { transport }) {
    const socket = transport.createSocket();
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.connect(config.port, config.host, () => resolve());
    });
    const lines = createInterface({ input: socket })[Symbol.asyncIterator]();
    socket.write(`${config.token}\n`);
    return {
      async query(sql) {
        socket.write(`${sql}\n`);
        const { value } = await lines.next();
        return {
          columns: [{ name: "answer", type: "varchar" }],
          rows: [[value]],
          row_count: 1,
          truncated: false,
          bytes: JSON.stringify([[value]]).length,
        };
      },
      // A fakebase session holds no state between statements.
      reset: async () => {},
      isOpen: () => !socket.destroyed,
      close: async () => {
        socket.end();
      },
    };
  },
};

let server: Server;
let services: ScratchServices;
let tenant: Tenant;
const sixTypeRouter = createAppRouter(sixTypes);
let api: ReturnType<typeof sixTypeRouter.createCaller>;
let config: { host: string; port: number; token: string };

beforeAll(async () => {
  server = await startFakebase();
  config = { host: "127.0.0.1", port: (server.address() as AddressInfo).port, token: "t0ken" };
  services = await openScratchServices({ connectionTypes: connectionTypesOf(sixTypes, { ...BUILT_IN_DRIVERS, [FAKE]: fakebaseDriver }) });
  tenant = await newTenant(services, "sixth");
  api = sixTypeRouter.createCaller({ services, principal: tenant.keyPrincipal, authError: null });
});
afterAll(async () => {
  await services?.close();
  await new Promise((resolve) => server?.close(resolve));
});

function refusedType(message: string) {
  return (error: { details: unknown }) => expect(error.details).toEqual([{ path: "type", code: "INVALID_VALUE", message }]);
}

describe("a sixth connection type, through the services and the tRPC router of its registry", () => {
  it("is created with its secret sealed apart, and read back with its public config", async () => {
    const created = await api.connection.create({ name: "fakebase", project_id: tenant.projectId, type: FAKE, config });
    const publicConfig = { host: config.host, port: config.port, has_token: true };
    expect(created).toMatchObject({ type: FAKE, config: publicConfig, last_test: null });
    expect((await api.connection.byId({ id: created.id })).config).toEqual(publicConfig);
    expect((await api.connection.list()).data.map((connection) => connection.type)).toEqual([FAKE]);
    const row = await services.db.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.config).not.toContain(config.token);
    expect(Object.keys(JSON.parse(row.secrets) as object)).toEqual(["token"]);
  });

  it("keeps the stored token on an update, and wants it again when the destination moves", async () => {
    const { id } = (await api.connection.list()).data[0]!;
    const withoutToken = { host: config.host, port: config.port };
    expect((await api.connection.update({ id, config: withoutToken })).config).toMatchObject({ has_token: true });
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.update({ id, config: { ...withoutToken, host: "localhost" } }),
      "SECRETS_REQUIRED",
      ["config.token"],
    );
  });

  it("refuses an unknown type on `type`, naming the six", async () => {
    const oracle = "dynamiq.connections.Oracle" as typeof FAKE;
    const create = await expectRefusedUnchanged(
      services.db,
      () => api.connection.create({ name: "oracle", project_id: tenant.projectId, type: oracle, config }),
      "VALIDATION_FAILED",
      ["type"],
    );
    refusedType(SIX_CHOICES)(create);
    refusedType(SIX_CHOICES)(
      await expectRefusedUnchanged(services.db, () => api.connection.testUnsaved({ type: oracle, config }), "VALIDATION_FAILED", ["type"]),
    );
  });

  it("testUnsaved walks the stages and runs the probe on the type's own driver", async () => {
    const diagnosis = await api.connection.testUnsaved({ type: FAKE, config: { ...config, token: "unsaved-token" } });
    expect(diagnosis.stages.filter((stage) => stage.status === "ok").map((stage) => stage.name)).toEqual(["dns", "tcp", "query"]);
    expect(diagnosis.ok).toBe(true);
    expect(received).toContain("unsaved-token SELECT 1");
  });

  it("query and test run on the stored config, its token decrypted for the driver", async () => {
    const { id } = (await api.connection.list()).data[0]!;
    const result = await api.connection.query({ id, sql: "select 42" });
    expect(result).toMatchObject({ columns: [{ name: "answer", type: "varchar" }], rows: [["fakebase: select 42"]], row_count: 1 });
    expect(received).toContain("t0ken select 42");
    expect((await api.connection.test({ id })).ok).toBe(true);
    expect((await api.connection.byId({ id })).last_test).toMatchObject({ ok: true, failed_stage: null });
  });

  it("is a chat connector type too, its messages run on the type's driver", async () => {
    const chat = sixTypeRouter.createCaller({ services, principal: tenant.user, authError: null });
    const connector = await chat.chatConnector.create({ name: "mine", type: FAKE, config: { ...config, token: "chat-token" } });
    expect(connector.config).toEqual({ host: config.host, port: config.port, has_token: true });
    expect((await chat.chatConnector.run({ id: connector.id, text: "select 7" })).rows).toEqual([["fakebase: select 7"]]);
    expect(received).toContain("chat-token select 7");
  });

  it("runs a connector's messages on one kept session, and logs in again after an update", async () => {
    const chat = sixTypeRouter.createCaller({ services, principal: tenant.user, authError: null });
    const connector = await chat.chatConnector.create({ name: "pooled", type: FAKE, config: { ...config, token: "pooled-token" } });
    for (const text of ["select 1", "select 2", "select 3"]) await chat.chatConnector.run({ id: connector.id, text });
    expect(logins.filter((token) => token === "pooled-token")).toHaveLength(1);
    expect(received.filter((line) => line.startsWith("pooled-token "))).toHaveLength(3);
    await chat.chatConnector.update({ id: connector.id, config: { ...config, token: "rotated-token" } });
    await chat.chatConnector.run({ id: connector.id, text: "select 4" });
    expect(logins.filter((token) => token === "rotated-token")).toHaveLength(1);
    expect(received).toContain("rotated-token select 4");
  });

  it("stays unknown to the product's own router", async () => {
    const five = callerFor(services, tenant.keyPrincipal);
    const refused = await expectRefusedUnchanged(
      services.db,
      () => five.connection.create({ name: "fake2", project_id: tenant.projectId, type: FAKE as never, config: config as never }),
      "VALIDATION_FAILED",
      ["type"],
    );
    expect(JSON.stringify(refused.details)).not.toContain(FAKE);
  });
});

describe("a sixth connection type, through the REST adapter's parse step", () => {
  const parts = (body: unknown) => ({ params: async () => ({}), query: new URLSearchParams(), body: async () => body });
  const schemas = { body: connectionInputSchemas(sixTypes).create } satisfies RestInputSchemas;

  it("accepts its create body, defaults applied", async () => {
    const input = await readRestInput(
      schemas,
      parts({ name: "rest", project_id: "p1", type: FAKE, config: { host: "db.internal", token: "x" } }),
    );
    expect(input.body).toEqual({ name: "rest", project_id: "p1", type: FAKE, config: { host: "db.internal", port: 7777, token: "x" } });
  });

  it("refuses an unknown type on `type`, naming the six", async () => {
    const error = await readRestInput(schemas, parts({ name: "rest", project_id: "p1", type: "nope", config: {} })).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && { code: error.code, details: error.details }).toEqual({
      code: "VALIDATION_FAILED",
      details: [{ path: "type", code: "INVALID_VALUE", message: SIX_CHOICES }],
    });
  });
});
