import { beforeAll, describe, expect, it } from "vitest";
import { recordFigure } from "@connections/testkit";
import { newTenant, projectSnapshot, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import {
  corpusKeyText,
  expectedOutcome,
  keyCorpusPresent,
  KEY_CORPUS_DIR,
  readKeyCorpus,
  type CorpusEntry,
} from "../support/key-corpus.ts";
import { validPostgresBody, withPath } from "../support/valid-config.ts";

// Every key of the shared corpus of published SSH test keys goes through POST /v1/connections on
// the built server: accepted keys must report the public key every reference tool agreed on,
// refused ones the documented code on the right field, and store nothing.
const corpus = readKeyCorpus();
const tally = { accepted: 0, refused: 0, derived: 0 };
let accepting: Tenant;
let refusing: Tenant;
let emptySnapshot: string;

function createBody(tenant: Tenant, entry: CorpusEntry, passphrase: string | null) {
  const body = withPath(validPostgresBody(tenant.projectId, corpusKeyText(entry)), "name", `corpus ${entry.id}`);
  return passphrase === null ? body : withPath(body, "config.ssh_tunnel.private_key_passphrase", passphrase);
}

async function expectRefused(entry: CorpusEntry, passphrase: string | null, field: string, code: string, message?: RegExp | string) {
  const response = await api("POST", "/v1/connections", { key: refusing.key, body: createBody(refusing, entry, passphrase) });
  expect(response.status, response.text).toBe(422);
  expect(response.body.error.code).toBe("VALIDATION_FAILED");
  expect(response.body.error.details).toEqual([
    { path: `config.ssh_tunnel.${field}`, code, message: message === undefined ? expect.any(String) : expect.stringMatching(message) },
  ]);
  expect(await projectSnapshot(refusing.projectId)).toBe(emptySnapshot);
}

describe.skipIf(!keyCorpusPresent)(`key corpus (skipped when ${KEY_CORPUS_DIR} is absent)`, () => {
  beforeAll(async () => {
    accepting = await newTenant("key corpus accepted");
    refusing = await newTenant("key corpus refused");
    emptySnapshot = await projectSnapshot(refusing.projectId);
  });

  it.each(corpus.map((entry) => [entry.id, entry] as const))("%s", async (_id, entry) => {
    const outcome = expectedOutcome(entry);
    if (!outcome.accept) {
      await expectRefused(entry, entry.passphrase, outcome.field, outcome.code, outcome.message);
      tally.refused++;
      return;
    }
    const response = await api("POST", "/v1/connections", { key: accepting.key, body: createBody(accepting, entry, entry.passphrase) });
    expect(response.status, response.text).toBe(201);
    const tunnel = response.body.data.config.ssh_tunnel;
    expect(tunnel.public_key.split(" ")[1]).toBe(entry.expected_public_key);
    expect(tunnel.key_warnings).toEqual(
      outcome.warning ? [{ code: "RSA_KEY_SHORT", message: expect.stringContaining(`${entry.bits} bits`) }] : [],
    );
    const stored = await api("GET", `/v1/connections/${response.body.data.id}`, { key: accepting.key });
    expect(stored.body.data.config.ssh_tunnel).toMatchObject({ public_key: tunnel.public_key, key_warnings: tunnel.key_warnings });
    tally.accepted++;
  });

  const encryptedAccepted = corpus.filter((entry) => entry.derived_checks && expectedOutcome(entry).accept);
  it.each(encryptedAccepted.map((entry) => [entry.id, entry] as const))("%s: passphrase missing, then wrong", async (_id, entry) => {
    await expectRefused(entry, null, "private_key_passphrase", "PASSPHRASE_REQUIRED");
    await expectRefused(entry, `${entry.passphrase}-not`, "private_key_passphrase", "PASSPHRASE_WRONG");
    tally.derived += 2;
  });

  it("every corpus key got its documented answer", () => {
    expect(tally.accepted + tally.refused).toBe(corpus.length);
    recordFigure({
      id: "S10",
      measure: `the ${corpus.length} keys of the shared key corpus posted to POST /v1/connections`,
      value: `${tally.accepted} accepted with the expected public key, ${tally.refused} refused with the documented code on the documented field (nothing stored); ${tally.derived} missing/wrong-passphrase checks answered PASSPHRASE_REQUIRED/PASSPHRASE_WRONG`,
      target: "every key answered as documented",
    });
  });
});
