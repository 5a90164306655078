import { beforeAll, describe, expect, it } from "vitest";
import { recordFigure } from "@connections/testkit";
import { callEntry, type Caller, type Outcome } from "../support/call-entry.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { freshWorld } from "../support/fresh-world.ts";
import { CATALOGUE, entryName, type CatalogueEntry, type Ref } from "../support/procedure-catalogue.ts";
import { signedInUser, type SignedInUser } from "../support/signed-in-user.ts";
import { tenantSnapshot } from "../support/tenant-snapshot.ts";

// R7: every catalogue entry that names a project or a stored row is called with tenant A's ids by
// project B's key, a member of project B and (for per-user chat connectors) another member of
// project A: each answers 404 / NOT_FOUND, exactly as for an id that does not exist, and A's rows
// stay as they were. Listings show the caller's rows only. The owner's own call is the control: it
// is not a 404, so the 404s come from the tenancy check and not from a bad input.

let a: Tenant;
let owner: SignedInUser;
let neighbour: SignedInUser;
let b: Tenant;
let outsider: SignedInUser;
const covered: string[] = [];
let intruderCalls = 0;

beforeAll(async () => {
  a = await newTenant("tenant-a");
  owner = await signedInUser(a);
  neighbour = await signedInUser(a);
  b = await newTenant("tenant-b");
  outsider = await signedInUser(b);
});

function perUser(entry: CatalogueEntry): boolean {
  return entry.refs.some((ref) => ref.of === "chat-connector") || entry.lists === "chat-connector";
}

/** REST routes take an access key; the web app's own routes and tRPC, a session. */
function byKey(entry: CatalogueEntry): boolean {
  return entry.api === "rest" && entry.auth === "key";
}

function ownerOf(entry: CatalogueEntry): Caller {
  return byKey(entry) ? { label: "project A's key", key: a.key } : { label: "A's owner", cookie: owner.cookie };
}

/** Everyone who must not reach A's rows through this entry. */
function intrudersOf(entry: CatalogueEntry): Caller[] {
  if (byKey(entry)) return [{ label: "project B's key", key: b.key }];
  const member = { label: "a member of project B", cookie: outsider.cookie };
  // The web app's own routes read the session only: a key there is not a caller at all.
  if (entry.api === "rest") return [member];
  return perUser(entry)
    ? [member, { label: "another member of project A", cookie: neighbour.cookie }]
    : [{ label: "project B's key", key: b.key }, member];
}

function withValue(input: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(input) as Record<string, any>;
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce((node, key) => node[key], copy);
  if (value === undefined) delete parent[keys[keys.length - 1]!];
  else parent[keys[keys.length - 1]!] = value;
  return copy;
}

const MADE_UP: Record<Ref["of"], string> = {
  project: "prj_doesNotExist00",
  connection: "conn_doesNotExist00",
  "chat-connector": "chat_doesNotExist00",
};

/** The answer with the requested id taken out, to compare a foreign row's 404 with a missing one's. */
function normalised(outcome: Outcome, id: string): Outcome {
  return { ...outcome, message: outcome.message?.replace(id, "<id>") ?? null };
}

function listedIds(entry: CatalogueEntry, outcome: Outcome): string[] {
  const rows = entry.api === "rest" ? (outcome.data as Array<{ id: string }>) : (outcome.data as { data: Array<{ id: string }> }).data;
  return rows.map((row) => row.id);
}

describe("R7: another project's key, another project's member and another user get 404 on every scoped entry", () => {
  for (const entry of CATALOGUE.filter((e) => e.unscoped === undefined)) {
    it(entryName(entry), async () => {
      const world = await freshWorld(a, owner);
      const input = entry.valid(world)[0];
      const snapshot = () => tenantSnapshot({ projectIds: [a.projectId], userIds: [owner.id] });
      const before = await snapshot();
      const intruders = intrudersOf(entry);
      for (const intruder of intruders) {
        for (const ref of entry.refs) {
          const foreign = await callEntry(entry, input, intruder);
          intruderCalls += 1;
          expect({ caller: intruder.label, status: foreign.status, code: foreign.code }).toEqual({
            caller: intruder.label,
            status: 404,
            code: "NOT_FOUND",
          });
          // Indistinguishable from a row that does not exist: the same answer but for the id.
          const missing = await callEntry(entry, withValue(input, ref.path, MADE_UP[ref.of]), intruder);
          const foreignId = ref.of === "project" ? world.projectId : ref.of === "connection" ? world.connectionId : world.chatConnectorId;
          expect(normalised(foreign, foreignId)).toEqual(normalised(missing, MADE_UP[ref.of]));
        }
        if (entry.lists) {
          const unfiltered = entry.refs.reduce((value, ref) => withValue(value, ref.path, undefined), input);
          const listing = await callEntry(entry, unfiltered, intruder);
          intruderCalls += 1;
          expect(listing.status).toBe(200);
          expect(listedIds(entry, listing)).not.toContain(entry.lists === "connection" ? world.connectionId : world.chatConnectorId);
        }
      }
      expect(await snapshot(), "A's rows changed").toBe(before);

      // The control: the owner's same call is served, so the 404s above came from the tenancy check.
      const own = await callEntry(entry, input, ownerOf(entry));
      expect(own.code, JSON.stringify(own)).not.toBe("NOT_FOUND");
      if (entry.lists) expect(listedIds(entry, own)).toContain(entry.lists === "connection" ? world.connectionId : world.chatConnectorId);
      covered.push(entryName(entry));
    });
  }

  it("covered every entry but those with no id or tenant scope, each with its reason", () => {
    const unscoped = CATALOGUE.filter((e) => e.unscoped !== undefined);
    for (const entry of unscoped) expect(entry.unscoped, entryName(entry)).toMatch(/\w+ \w+/);
    expect(covered.length).toBe(CATALOGUE.length - unscoped.length);
    recordFigure({
      id: "R7",
      measure: "cross-project and cross-user calls, every procedure",
      value: `${covered.length} procedures, ${intruderCalls} calls, all 404 (listings: none of the other tenant's rows); ${unscoped.length} unscoped, with reasons`,
      target: "all 404",
    });
  });
});
