import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen, type GeneratedKey } from "@connections/testkit";
import { pinHostKey } from "../../src/connections/pin-host-key.ts";
import { expectRefusedUnchanged } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";
import { bastionView } from "./support/tunnel-views.ts";

// SPEC §10 as the API stores and shows it: each jump host's own key checked and kept sealed,
// its public half and authorized_keys line shown, PUT keeping a hop's secrets only for the
// same login at the same index, pins following their server, and a moved hop needing the
// database password again (§9).

const POSTGRES = "dynamiq.connections.PostgreSQL" as const;
const PASSWORD = "svc-jump-db-password";
const HOP_PASSPHRASE = "svc-jump-hop-passphrase";
const PIN_1 = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const PIN_2 = "SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const BASTION = { host: "bastion.internal", port: 22, user: "dynamiq" };
const J1 = { host: "jump-1.example.com", port: 22, user: "hop" };
const J2 = { host: "jump-2.internal", port: 2222, user: "relay" };

let services: ScratchServices;
let tenant: Tenant;
let api: Caller;
let tunnelKey: GeneratedKey;
let hopKey: GeneratedKey;
let otherHopKey: GeneratedKey;

beforeAll(async () => {
  services = await openScratchServices();
  tenant = await newTenant(services, "jump-hosts");
  api = callerFor(services, tenant.keyPrincipal);
  const dir = scratchDir("jump-keys");
  tunnelKey = sshKeygen(dir, "tunnel");
  hopKey = sshKeygen(dir, "hop", { passphrase: HOP_PASSPHRASE });
  otherHopKey = sshKeygen(dir, "other-hop");
});
afterAll(() => services?.close());

function fingerprintOf(publicKey: string): string {
  return `SHA256:${createHash("sha256")
    .update(Buffer.from(publicKey.split(" ")[1]!, "base64"))
    .digest("base64")
    .replace(/=+$/, "")}`;
}

const limitedTo = (target: string, publicKey: string) =>
  `restrict,port-forwarding,permitopen="${target}",command="/bin/false" ${publicKey}`;

// Sent as a client would send JSON, hop fields unchecked: the service validates them.
type NewConnection = Parameters<Caller["connection"]["create"]>[0];

function input(name: string, tunnel: Record<string, unknown>): NewConnection & { config: Record<string, unknown> } {
  return {
    name,
    project_id: tenant.projectId,
    type: POSTGRES,
    config: { host: "10.0.12.34", port: 5432, database: "analytics", user: "reader", password: PASSWORD, ssh_tunnel: tunnel },
  } as NewConnection & { config: Record<string, unknown> };
}

/** Two hops: the first with its own encrypted key and a pin, the second on the tunnel's key. */
function twoHops() {
  return {
    ...BASTION,
    private_key: tunnelKey.privateKey,
    jump_hosts: [{ ...J1, private_key: hopKey.privateKey, private_key_passphrase: HOP_PASSPHRASE, host_key_fingerprint: PIN_1 }, J2],
  };
}

/** Everything secret this file ever sends: none of it may appear in an answer. */
function expectNoSecretIn(answer: unknown): void {
  const text = JSON.stringify(answer);
  for (const secret of [PASSWORD, HOP_PASSPHRASE, tunnelKey.privateKey, hopKey.privateKey, otherHopKey.privateKey]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/PRIVATE KEY/);
}

async function sealedPaths(id: string): Promise<string[]> {
  const row = await services.db.connection.findUniqueOrThrow({ where: { id } });
  return Object.keys(JSON.parse(row.secrets) as object).sort();
}

describe("create: the public view of a tunnel through jump hosts", () => {
  it("one hop on the tunnel's key: shown with key_source tunnel and a line allowing only the bastion", async () => {
    const created = await api.connection.create(input("one-hop", { ...BASTION, private_key: tunnelKey.privateKey, jump_hosts: [J1] }));
    const key = { public_key: tunnelKey.publicKey, public_key_fingerprint: fingerprintOf(tunnelKey.publicKey), key_warnings: [] };
    expect(created.config.ssh_tunnel).toEqual({
      mode: "bastion",
      ...BASTION,
      host_key_fingerprint: null,
      ...key,
      authorized_keys_line: limitedTo("10.0.12.34:5432", tunnelKey.publicKey),
      key_source: "provided",
      has_private_key_passphrase: false,
      jump_hosts: [
        {
          ...J1,
          host_key_fingerprint: null,
          ...key,
          authorized_keys_line: limitedTo("bastion.internal:22", tunnelKey.publicKey),
          key_source: "tunnel",
          has_private_key_passphrase: false,
        },
      ],
    });
    expectNoSecretIn(created);
    expect(await api.connection.byId({ id: created.id })).toEqual(created);
  });

  it("two hops, the first with its own key, the bastion's key generated: each line allows only the next hop", async () => {
    const { private_key: _generated, ...tunnel } = twoHops();
    const created = await api.connection.create(input("two-hops", tunnel));
    const view = bastionView(created.config);
    expect(view.key_source).toBe("generated");
    expect(view.authorized_keys_line).toBe(limitedTo("10.0.12.34:5432", view.public_key));
    expect(view.jump_hosts).toEqual([
      {
        ...J1,
        host_key_fingerprint: PIN_1,
        public_key: hopKey.publicKey,
        public_key_fingerprint: fingerprintOf(hopKey.publicKey),
        key_warnings: [],
        authorized_keys_line: limitedTo("jump-2.internal:2222", hopKey.publicKey),
        key_source: "provided",
        has_private_key_passphrase: true,
      },
      {
        ...J2,
        host_key_fingerprint: null,
        public_key: view.public_key,
        public_key_fingerprint: view.public_key_fingerprint,
        key_warnings: [],
        authorized_keys_line: limitedTo("bastion.internal:22", view.public_key),
        key_source: "tunnel",
        has_private_key_passphrase: false,
      },
    ]);
    expectNoSecretIn(created);
    expect(await sealedPaths(created.id)).toEqual([
      "password",
      "ssh_tunnel.jump_hosts.0.private_key",
      "ssh_tunnel.jump_hosts.0.private_key_passphrase",
      "ssh_tunnel.private_key",
    ]);
    const row = await services.db.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.parse(row.config).jump_keys).toEqual([
      { public_key: hopKey.publicKey, public_key_fingerprint: fingerprintOf(hopKey.publicKey), key_warnings: [] },
      null,
    ]);
  });

  it("a tunnel without jump hosts shows an empty list", async () => {
    const created = await api.connection.create(input("no-hops", { ...BASTION, private_key: tunnelKey.privateKey }));
    expect(bastionView(created.config).jump_hosts).toEqual([]);
  });
});

describe("bad jump hosts are refused at their field, and nothing is stored", () => {
  const refusedCreate = (tunnel: Record<string, unknown>, paths: string[]) =>
    expectRefusedUnchanged(services.db, () => api.connection.create(input("refused", tunnel)), "VALIDATION_FAILED", paths);
  const withHops = (jump_hosts: unknown) => ({ ...BASTION, private_key: tunnelKey.privateKey, jump_hosts });

  it.each([
    ["five hops", [J1, J2, J1, J2, J1], ["config.ssh_tunnel.jump_hosts"]],
    ["a host with a port in it", [{ ...J1, host: "jump-1:22" }], ["config.ssh_tunnel.jump_hosts.0.host"]],
    ["port 0 on the second hop", [J1, { ...J2, port: 0 }], ["config.ssh_tunnel.jump_hosts.1.port"]],
    ["an unknown field", [{ ...J1, password: "x" }], ["config.ssh_tunnel.jump_hosts.0.password"]],
    ["not a list", { ...J1 }, ["config.ssh_tunnel.jump_hosts"]],
    [
      "a passphrase without a key",
      [J1, { ...J2, private_key_passphrase: "alone" }],
      ["config.ssh_tunnel.jump_hosts.1.private_key_passphrase"],
    ],
  ])("%s", async (_, jumpHosts, paths) => {
    const refused = await refusedCreate(withHops(jumpHosts), paths);
    expect(refused.message).not.toContain(tunnelKey.privateKey);
  });

  it("a hop key that is not a key, or with a wrong passphrase: each named in one error", async () => {
    const refused = await refusedCreate(
      withHops([
        { ...J1, private_key: "not a key" },
        { ...J2, private_key: hopKey.privateKey, private_key_passphrase: "wrong" },
      ]),
      ["config.ssh_tunnel.jump_hosts.0.private_key", "config.ssh_tunnel.jump_hosts.1.private_key_passphrase"],
    );
    expect(refused.details).toMatchObject([{ code: "PRIVATE_KEY_INVALID" }, { code: "PASSPHRASE_WRONG" }]);
  });

  it("update: the same checks, the stored connection untouched", async () => {
    const { id } = await api.connection.create(input("to-refuse", twoHops()));
    const config = { ...input("x", twoHops()).config };
    await expectRefusedUnchanged(
      services.db,
      () =>
        api.connection.update({
          id,
          config: { ...config, ssh_tunnel: { ...twoHops(), jump_hosts: [{ ...J1, private_key: "not a key" }, J2] } },
        }),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.jump_hosts.0.private_key"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.update({ id, config: { ...config, ssh_tunnel: { ...twoHops(), jump_hosts: [J1, J2, J1, J2, J1] } } }),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.jump_hosts"],
    );
  });
});

describe("PUT: a hop's secrets stay with its login, its pin with its server", () => {
  /** The stored connection's config as a form resends it: no secret, no pin. */
  function resent(jump_hosts: unknown[], extra: Record<string, unknown> = {}) {
    const { password: _kept, ...config } = input("x", BASTION).config;
    return { ...config, ...extra, ssh_tunnel: { ...BASTION, jump_hosts } };
  }

  it("a rename that leaves every secret and pin out keeps them all", async () => {
    const created = await api.connection.create(input("rename", twoHops()));
    const sealed = await sealedPaths(created.id);
    const renamed = await api.connection.update({ id: created.id, name: "renamed", config: resent([J1, J2]) });
    expect(renamed.config).toEqual(created.config);
    expect(sealed).toContain("ssh_tunnel.jump_hosts.0.private_key_passphrase");
    expect(await sealedPaths(created.id)).toEqual(sealed);
  });

  it("reordered: no hop keeps another's key (both use the tunnel's), each keeps its own server's pin", async () => {
    const created = await api.connection.create(input("reorder", twoHops()));
    const updated = await api.connection.update({ id: created.id, config: resent([J2, J1], { password: PASSWORD }) });
    expect(bastionView(updated.config).jump_hosts).toMatchObject([
      { ...J2, key_source: "tunnel", public_key: tunnelKey.publicKey, host_key_fingerprint: null, has_private_key_passphrase: false },
      { ...J1, key_source: "tunnel", public_key: tunnelKey.publicKey, host_key_fingerprint: PIN_1, has_private_key_passphrase: false },
    ]);
    expect(await sealedPaths(created.id)).toEqual(["password", "ssh_tunnel.private_key"]);
    expectNoSecretIn(updated);
  });

  it("null clears a hop's key (its passphrase goes with it) and its pin; the hop then uses the tunnel's key", async () => {
    const created = await api.connection.create(input("clear", twoHops()));
    const updated = await api.connection.update({
      id: created.id,
      config: resent([{ ...J1, private_key: null, host_key_fingerprint: null }, J2]),
    });
    expect(bastionView(updated.config).jump_hosts[0]).toMatchObject({
      key_source: "tunnel",
      public_key: tunnelKey.publicKey,
      host_key_fingerprint: null,
      has_private_key_passphrase: false,
    });
    expect(await sealedPaths(created.id)).toEqual(["password", "ssh_tunnel.private_key"]);
  });

  it("a new hop key never inherits the stored passphrase; a new pin replaces the old one", async () => {
    const created = await api.connection.create(input("new-key", twoHops()));
    const updated = await api.connection.update({
      id: created.id,
      config: resent([{ ...J1, private_key: otherHopKey.privateKey, host_key_fingerprint: PIN_2 }, J2]),
    });
    expect(bastionView(updated.config).jump_hosts[0]).toMatchObject({
      key_source: "provided",
      public_key: otherHopKey.publicKey,
      host_key_fingerprint: PIN_2,
      has_private_key_passphrase: false,
    });
    expectNoSecretIn(updated);
  });
});

describe("SECRETS_REQUIRED: a change of jump hosts needs the database password again", () => {
  let moves = 0;
  const resend = (jump_hosts: unknown[]) => {
    const { password: _left, ...config } = input("x", BASTION).config;
    return { ...config, ssh_tunnel: { ...BASTION, jump_hosts } };
  };

  it.each([
    ["a hop added", [J1, J2], "config.ssh_tunnel.jump_hosts.1.host"],
    ["the hop removed", [], "config.ssh_tunnel.jump_hosts.0.host"],
    ["the hop's host changed", [{ ...J1, host: "jump-9.example.com" }], "config.ssh_tunnel.jump_hosts.0.host"],
    ["the hop's port changed", [{ ...J1, port: 2022 }], "config.ssh_tunnel.jump_hosts.0.port"],
    ["the hop's user changed", [{ ...J1, user: "root" }], "config.ssh_tunnel.jump_hosts.0.user"],
  ])("%s is refused naming the password, the row unchanged", async (_, jumpHosts, moved) => {
    const { id } = await api.connection.create(input(`moved-${(moves += 1)}`, { ...BASTION, jump_hosts: [J1] }));
    const refused = await expectRefusedUnchanged(
      services.db,
      () => api.connection.update({ id, config: resend(jumpHosts) }),
      "SECRETS_REQUIRED",
      ["config.password"],
    );
    expect(refused.message).toContain(moved);
  });

  it("a rename with the same hops keeps the password", async () => {
    const { id } = await api.connection.create(input("hops-renamed", { ...BASTION, jump_hosts: [J1] }));
    const renamed = await api.connection.update({ id, name: "hops-renamed-2", config: resend([J1]) });
    expect(renamed.config).toMatchObject({ has_password: true, ssh_tunnel: { jump_hosts: [{ ...J1, key_source: "tunnel" }] } });
  });
});

describe("pinning on first use: the bastion and every hop without a pin, in one write", () => {
  it("pins what has no pin, keeps what has one, skips a hop not reached", async () => {
    const threeHops = { ...twoHops(), jump_hosts: [...twoHops().jump_hosts, { host: "jump-3.internal", user: "hop" }] };
    const created = await api.connection.create(input("pin", threeHops));
    const row = await services.db.connection.findUniqueOrThrow({ where: { id: created.id } });
    await pinHostKey(services, row, { host_key_fingerprint: PIN_2, jump_host_key_fingerprints: [PIN_2, PIN_1, null] });
    const pinned = await api.connection.byId({ id: created.id });
    expect(bastionView(pinned.config).host_key_fingerprint).toBe(PIN_2);
    expect(bastionView(pinned.config).jump_hosts.map((hop) => hop.host_key_fingerprint)).toEqual([PIN_1, PIN_1, null]);
  });

  it("writes nothing when the config changed since it was read (a concurrent edit is never overwritten)", async () => {
    const created = await api.connection.create(input("pin-stale", twoHops()));
    const stale = await services.db.connection.findUniqueOrThrow({ where: { id: created.id } });
    const edited = { ...twoHops(), jump_hosts: [twoHops().jump_hosts[0]!, { ...J2, host_key_fingerprint: PIN_1 }] };
    await api.connection.update({ id: created.id, config: input("x", edited).config });
    const before = await services.db.connection.findUniqueOrThrow({ where: { id: created.id } });
    await pinHostKey(services, stale, { host_key_fingerprint: PIN_2, jump_host_key_fingerprints: [PIN_2, PIN_2] });
    expect(await services.db.connection.findUniqueOrThrow({ where: { id: created.id } })).toEqual(before);
  });
});
