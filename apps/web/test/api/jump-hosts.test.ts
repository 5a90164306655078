import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen, type GeneratedKey } from "@connections/testkit";
import { newTenant, projectSnapshot, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { signedInUser } from "../support/signed-in-user.ts";
import { trpcClient } from "../support/trpc-client.ts";

// Jump hosts (SPEC §10) over HTTP: what the REST API stores and shows for them, its refusals with
// the hop's field path, and the §9 rules on PUT; the same through tRPC for a chat connector.

const PASSWORD = "rest-jump-db-password";
const HOP_PASSPHRASE = "rest-jump-hop-passphrase";
const PIN = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const BASTION = { host: "bastion.internal", port: 22, user: "dynamiq" };
const J1 = { host: "jump-1.example.com", port: 22, user: "hop" };
const J2 = { host: "jump-2.internal", port: 2222, user: "relay" };
const DATABASE = { host: "10.0.12.34", port: 5432, database: "app", user: "app" };

let tenant: Tenant;
let tunnelKey: GeneratedKey;
let hopKey: GeneratedKey;

beforeAll(async () => {
  tenant = await newTenant("jump-hosts");
  const dir = scratchDir("rest-jump-keys");
  tunnelKey = sshKeygen(dir, "tunnel");
  hopKey = sshKeygen(dir, "hop", { passphrase: HOP_PASSPHRASE });
});

const limitedTo = (target: string, publicKey: string) =>
  `restrict,port-forwarding,permitopen="${target}",command="/bin/false" ${publicKey}`;

function twoHops(): Record<string, unknown> {
  return {
    ...BASTION,
    private_key: tunnelKey.privateKey,
    jump_hosts: [{ ...J1, private_key: hopKey.privateKey, private_key_passphrase: HOP_PASSPHRASE, host_key_fingerprint: PIN }, J2],
  };
}

const create = (name: string, ssh_tunnel: unknown) =>
  api("POST", "/v1/connections", {
    key: tenant.key,
    body: {
      name,
      project_id: tenant.projectId,
      type: "dynamiq.connections.PostgreSQL",
      config: { ...DATABASE, password: PASSWORD, ssh_tunnel },
    },
  });

const put = (id: string, body: Record<string, unknown>) => api("PUT", `/v1/connections/${id}`, { key: tenant.key, body });

function expectNoSecretIn(text: string): void {
  for (const secret of [PASSWORD, HOP_PASSPHRASE, tunnelKey.privateKey, hopKey.privateKey]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
}

describe("POST and GET /v1/connections with jump hosts", () => {
  it("shows each hop's key and an authorized_keys line allowing only the next hop; no secret in any answer", async () => {
    const created = await create("two-hops", twoHops());
    expect(created.status, created.text).toBe(201);
    const tunnel = created.body.data.config.ssh_tunnel;
    expect(tunnel).toMatchObject({
      ...BASTION,
      key_source: "provided",
      authorized_keys_line: limitedTo("10.0.12.34:5432", tunnelKey.publicKey),
    });
    expect(tunnel.jump_hosts).toEqual([
      {
        ...J1,
        host_key_fingerprint: PIN,
        public_key: hopKey.publicKey,
        public_key_fingerprint: expect.stringMatching(/^SHA256:/),
        key_warnings: [],
        authorized_keys_line: limitedTo("jump-2.internal:2222", hopKey.publicKey),
        key_source: "provided",
        has_private_key_passphrase: true,
      },
      {
        ...J2,
        host_key_fingerprint: null,
        public_key: tunnelKey.publicKey,
        public_key_fingerprint: tunnel.public_key_fingerprint,
        key_warnings: [],
        authorized_keys_line: limitedTo("bastion.internal:22", tunnelKey.publicKey),
        key_source: "tunnel",
        has_private_key_passphrase: false,
      },
    ]);
    expectNoSecretIn(created.text);
    const read = await api("GET", `/v1/connections/${created.body.data.id}`, { key: tenant.key });
    expect(read.body.data).toEqual(created.body.data);
    expectNoSecretIn(read.text);
    const listed = await api("GET", `/v1/connections?project_id=${tenant.projectId}`, { key: tenant.key });
    expectNoSecretIn(listed.text);
  });

  it("a tunnel without jump hosts answers an empty list", async () => {
    const created = await create("no-hops", { ...BASTION, private_key: tunnelKey.privateKey });
    expect(created.status, created.text).toBe(201);
    expect(created.body.data.config.ssh_tunnel.jump_hosts).toEqual([]);
  });

  it.each([
    ["five hops", [J1, J2, J1, J2, J1], ["config.ssh_tunnel.jump_hosts"]],
    ["a hop host with a space", [{ ...J1, host: "jump 1" }], ["config.ssh_tunnel.jump_hosts.0.host"]],
    ["hop port 0", [J1, { ...J2, port: 0 }], ["config.ssh_tunnel.jump_hosts.1.port"]],
    [
      "a hop passphrase without a key",
      [{ ...J1, private_key_passphrase: "alone" }],
      ["config.ssh_tunnel.jump_hosts.0.private_key_passphrase"],
    ],
    ["a hop key that is not a key", [{ ...J1, private_key: "not a key" }], ["config.ssh_tunnel.jump_hosts.0.private_key"]],
    ["an unknown field in a hop", [{ ...J1, colour: "blue" }], ["config.ssh_tunnel.jump_hosts.0.colour"]],
    ["jump_hosts not a list", { ...J1 }, ["config.ssh_tunnel.jump_hosts"]],
  ])("refuses %s with 422 at the hop's field and stores nothing", async (_, jumpHosts, paths) => {
    const before = await projectSnapshot(tenant.projectId);
    const refused = await create("refused", { ...BASTION, private_key: tunnelKey.privateKey, jump_hosts: jumpHosts });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error.code).toBe("VALIDATION_FAILED");
    expect(
      refused.body.error.details.map((d: { path: string }) => d.path),
      refused.text,
    ).toEqual(paths);
    expectNoSecretIn(refused.text);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });
});

describe("PUT /v1/connections/{id} with jump hosts", () => {
  const resent = (jump_hosts: unknown[], extra: Record<string, unknown> = {}) => ({
    config: { ...DATABASE, ...extra, ssh_tunnel: { ...BASTION, jump_hosts } },
  });

  it("a rename keeps every hop secret and pin; a reorder keeps the pins with their servers but no hop key", async () => {
    const created = await create("put-hops", twoHops());
    const id = created.body.data.id as string;
    const renamed = await put(id, { name: "put-hops-renamed", ...resent([J1, J2]) });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.data.config).toEqual(created.body.data.config);

    const reordered = await put(id, resent([J2, J1], { password: PASSWORD }));
    expect(reordered.status, reordered.text).toBe(200);
    expect(reordered.body.data.config.ssh_tunnel.jump_hosts).toMatchObject([
      { ...J2, key_source: "tunnel", host_key_fingerprint: null, has_private_key_passphrase: false },
      { ...J1, key_source: "tunnel", host_key_fingerprint: PIN, has_private_key_passphrase: false },
    ]);
    expectNoSecretIn(reordered.text);
  });

  it("null clears a hop's key and pin", async () => {
    const created = await create("put-clear", twoHops());
    const cleared = await put(created.body.data.id, resent([{ ...J1, private_key: null, host_key_fingerprint: null }, J2]));
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.data.config.ssh_tunnel.jump_hosts[0]).toMatchObject({
      key_source: "tunnel",
      host_key_fingerprint: null,
      has_private_key_passphrase: false,
    });
  });

  let moves = 0;
  it.each([
    ["a hop added", [J1, J2], "config.ssh_tunnel.jump_hosts.1.host"],
    ["the hop removed", [], "config.ssh_tunnel.jump_hosts.0.host"],
    ["the hop's host changed", [{ ...J1, host: "jump-9.example.com" }], "config.ssh_tunnel.jump_hosts.0.host"],
    ["the hop's port changed", [{ ...J1, port: 2022 }], "config.ssh_tunnel.jump_hosts.0.port"],
    ["the hop's user changed", [{ ...J1, user: "root" }], "config.ssh_tunnel.jump_hosts.0.user"],
  ])("%s without the password: 422 SECRETS_REQUIRED naming what moved, nothing stored", async (_, jumpHosts, moved) => {
    const created = await create(`moved-${(moves += 1)}`, { ...BASTION, jump_hosts: [J1] });
    expect(created.status, created.text).toBe(201);
    const before = await projectSnapshot(tenant.projectId);
    const refused = await put(created.body.data.id, resent(jumpHosts));
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: "SECRETS_REQUIRED",
      message: expect.stringContaining(moved),
      details: [{ path: "config.password", code: "SECRET_REQUIRED" }],
    });
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });
});

describe("a chat connector with a jump host, through tRPC", () => {
  it("is stored and shown like a connection's", async () => {
    const trpc = trpcClient({ cookie: (await signedInUser(tenant)).cookie });
    const created = await trpc.chatConnector.create.mutate({
      name: "chat-via-jump",
      type: "dynamiq.connections.PostgreSQL",
      config: { ...DATABASE, password: PASSWORD, ssh_tunnel: { ...BASTION, private_key: tunnelKey.privateKey, jump_hosts: [J2] } },
    });
    expect(created.config.ssh_tunnel).toMatchObject({ mode: "bastion" });
    expect(created.config.ssh_tunnel?.mode === "bastion" && created.config.ssh_tunnel.jump_hosts).toEqual([
      expect.objectContaining({ ...J2, key_source: "tunnel", authorized_keys_line: limitedTo("bastion.internal:22", tunnelKey.publicKey) }),
    ]);
    expectNoSecretIn(JSON.stringify(created));
  });
});
