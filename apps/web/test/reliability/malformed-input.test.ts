import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { recordFigure, scratchDir, sshKeygen, trials } from "@connections/testkit";
import { expectAnswer } from "../support/expect-answer.ts";
import { malformedCases, type Sender } from "../support/malformed-requests.ts";
import { CATALOGUE, entryName } from "../support/procedure-catalogue.ts";
import { sendRaw } from "../support/raw-request.ts";
import { tenantSnapshot } from "../support/tenant-snapshot.ts";
import { tenantWorld } from "../support/tenant-world.ts";
import { fullConfigs } from "../support/valid-inputs.ts";

// R5: generated malformed requests to every REST route and tRPC procedure of the catalogue, sent
// to the real server as tenant A (REST with A's key, tRPC with a member's session). Requests to
// entries that write or reach a database are all ones the server must refuse, so "no partial
// writes" is exact: the stored rows of A and of a bystander tenant B (whose ids the payloads also
// use) never change. Read-only entries also get requests they may serve, which must succeed.

const RUNS_PER_INPUT = trials(1_000, 40);
/** Fixed, so a failure replays; fast-check prints the seed and path of the failing request. */
const BASE_SEED = 20_250_505;

function seedOf(name: string): number {
  return [...name].reduce((hash, char) => (Math.imul(hash, 31) + char.charCodeAt(0)) | 0, BASE_SEED);
}

let sender: Sender;
let owners: { projectIds: string[]; userIds: string[] };
let stored: string;
const sent = new Map<string, number>();

beforeAll(async () => {
  const { privateKey } = sshKeygen(scratchDir("malformed-keys"), "bastion");
  const config = fullConfigs(privateKey)["dynamiq.connections.PostgreSQL"];
  const a = await tenantWorld("malformed-a", privateKey, config);
  const b = await tenantWorld("malformed-b", privateKey, config);
  const secrets = { password: config.password as string, "ssh_tunnel.private_key": privateKey };
  sender = {
    world: a,
    key: a.tenant.key,
    cookie: a.user.cookie,
    owned: {
      ids: { project: [a.projectId], connection: [a.connectionId], "chat-connector": [a.chatConnectorId] },
      stored: new Map([a.connectionId, a.chatConnectorId].map((id) => [id, { type: "dynamiq.connections.PostgreSQL" as const, secrets }])),
    },
    foreign: [b.projectId, b.connectionId, b.chatConnectorId],
  };
  owners = { projectIds: [a.projectId, b.projectId], userIds: [a.user.id, b.user.id] };
  stored = await tenantSnapshot(owners);
}, 60_000);

describe(`R5: ${RUNS_PER_INPUT} malformed requests to each REST route and tRPC procedure`, () => {
  for (const entry of CATALOGUE) {
    const name = entryName(entry);
    it(name, async () => {
      // This entry's own baseline, so a write fails this entry and not every one after it.
      const before = await tenantSnapshot(owners);
      let count = 0;
      let firstFailure: string | undefined;
      await fc.assert(
        fc.asyncProperty(malformedCases(entry, sender), async ({ request, verdict }) => {
          count += 1;
          try {
            expectAnswer(entry, verdict, await sendRaw(request));
            if (!entry.readOnly) expect(await tenantSnapshot(owners), "stored rows changed").toBe(before);
          } catch (error) {
            // A write outlives its request and fails every later one, shrinking included: name the first.
            firstFailure ??= JSON.stringify(request);
            throw new Error(`${(error as Error).message}\nfirst failing request of this run: ${firstFailure}`, { cause: error });
          }
        }),
        { seed: seedOf(name), numRuns: RUNS_PER_INPUT },
      );
      expect(await tenantSnapshot(owners), "stored rows changed").toBe(before);
      sent.set(name, count);
    });
  }

  it("covered every input, at least 1,000 requests in all, and no stored row changed", async () => {
    const total = [...sent.values()].reduce((sum, n) => sum + n, 0);
    expect(await tenantSnapshot(owners), "stored rows changed").toBe(stored);
    expect([...sent.keys()]).toEqual(CATALOGUE.map(entryName));
    expect(Math.min(...sent.values())).toBeGreaterThanOrEqual(RUNS_PER_INPUT);
    expect(total).toBeGreaterThanOrEqual(1_000);
    recordFigure({
      id: "R5",
      measure: "malformed payloads to every REST and tRPC input",
      value: `${total.toLocaleString("en")} payloads to ${sent.size} inputs (≥ ${RUNS_PER_INPUT.toLocaleString("en")} each), 0 × 5xx, 0 partial writes`,
      target: RUNS_PER_INPUT >= 1_000 ? "≥ 1,000 per input; 0; 0" : "≥ 1,000 in all; 0; 0",
    });
  });
});
