import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@connections/api";
import { generateKeyPair } from "@connections/tunnel";
import { verdictOf, type Ownership } from "../support/input-verdict.ts";
import { CATALOGUE, entryName, REST_ROUTES, TRPC_PROCEDURES } from "../support/procedure-catalogue.ts";
import { WEB_DIR } from "../support/start-api-target.ts";
import type { World } from "../support/valid-inputs.ts";

// The sweeps cover only what the catalogue lists, so a route or procedure added without an entry
// fails here, and the build with it.

const APP_DIR = join(WEB_DIR, "app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory() ? routeFiles(join(dir, item.name)) : /^route\.(ts|tsx|js)$/.test(item.name) ? [join(dir, item.name)] : [],
  );
}

/** `app/v1/connections/[id]/route.ts` → `/v1/connections/{id}`; route groups `(x)` leave the URL. */
function urlPath(file: string): string {
  const segments = relative(APP_DIR, file)
    .split(sep)
    .slice(0, -1)
    .filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
}

/** The HTTP methods a route file exports: `export const GET`, `export function POST`, `export { x as PUT }`. */
function exportedMethods(source: string): string[] {
  const direct = [...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+([A-Z]+)\b/g)].map((m) => m[1]!);
  const renamed = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/\bas\s+([A-Z]+)\b/g)].map((r) => r[1]!));
  return [...direct, ...renamed].filter((name) => METHODS.includes(name));
}

const IDS = { projectId: "prj_catalogue", connectionId: "conn_catalogue", chatConnectorId: "chat_catalogue" };
const secrets = { password: "stored", "ssh_tunnel.private_key": "stored-key" };
const OWNED: Ownership = {
  ids: { project: [IDS.projectId], connection: [IDS.connectionId], "chat-connector": [IDS.chatConnectorId] },
  stored: new Map([IDS.connectionId, IDS.chatConnectorId].map((id) => [id, { type: "dynamiq.connections.PostgreSQL" as const, secrets }])),
};
let world: World;

beforeAll(async () => {
  world = { ...IDS, privateKey: (await generateKeyPair("catalogue")).privateKey };
});

describe("the procedure catalogue", () => {
  it("lists every route file's methods, and nothing that is not served", () => {
    const onDisk = routeFiles(APP_DIR).flatMap((file) =>
      exportedMethods(readFileSync(file, "utf8")).map((method) => `${method} ${urlPath(file)}`),
    );
    expect(onDisk.length).toBeGreaterThan(10);
    expect(REST_ROUTES.map(entryName).sort()).toEqual(onDisk.sort());
  });

  it("lists every tRPC procedure with its type and whether it takes input", () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: unknown[] } }>;
    expect(TRPC_PROCEDURES.map((p) => p.procedure).sort()).toEqual(Object.keys(procedures).sort());
    for (const entry of TRPC_PROCEDURES) {
      const { type, inputs } = procedures[entry.procedure]!._def;
      expect({ procedure: entry.procedure, type, takesInput: inputs.length > 0 }).toEqual({
        procedure: entry.procedure,
        type: entry.type,
        takesInput: entry.input !== undefined,
      });
    }
  });

  it.each(CATALOGUE.map((entry) => [entryName(entry), entry] as const))(
    "%s: its valid inputs pass its schema and ownership checks",
    (_name, entry) => {
      for (const input of entry.valid(world))
        expect(verdictOf(entry, input, OWNED), JSON.stringify(input)).toEqual({ accept: true, schemaPaths: null });
    },
  );

  it("says for every entry either what it is scoped by or why it has no scope", () => {
    for (const entry of CATALOGUE) {
      const scoped = entry.refs.length > 0 || entry.lists !== undefined;
      expect({ entry: entryName(entry), scoped }).toEqual({ entry: entryName(entry), scoped: entry.unscoped === undefined });
    }
  });
});
