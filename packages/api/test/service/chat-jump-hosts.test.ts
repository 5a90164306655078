import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen, type GeneratedKey } from "@connections/testkit";
import { pinChatHostKey } from "../../src/chat/pin-chat-host-key.ts";
import { expectRefusedUnchanged } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Caller } from "./support/world.ts";
import { bastionView } from "./support/tunnel-views.ts";

// Chat connectors take the same jump hosts as connections (their tunnel schema extends it): the
// same checks, view, PUT rules and pins.

const POSTGRES = "dynamiq.connections.PostgreSQL" as const;
const PASSWORD = "svc-chat-jump-password";
const PIN = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const BASTION = { host: "bastion.internal", port: 22, user: "dynamiq" };
const HOP = { host: "jump-1.example.com", port: 2222, user: "hop" };

let services: ScratchServices;
let chat: Caller;
let tunnelKey: GeneratedKey;
let hopKey: GeneratedKey;

beforeAll(async () => {
  services = await openScratchServices();
  chat = callerFor(services, (await newTenant(services, "chat-jump")).user);
  tunnelKey = sshKeygen(scratchDir("chat-jump-keys"), "tunnel");
  hopKey = sshKeygen(scratchDir("chat-jump-keys"), "hop");
});
afterAll(() => services?.close());

const database = { host: "10.0.12.34", port: 5432, database: "app", user: "app" };
// Sent as a client would send JSON, hop fields unchecked: the service validates them.
type NewChatConnector = Parameters<Caller["chatConnector"]["create"]>[0];
type ChatConfig = NewChatConnector["config"];
const newConnector = (name: string, config: ChatConfig) => ({ name, type: POSTGRES, config }) as NewChatConnector;

const config = (jump_hosts: unknown[], secrets = true) =>
  ({
    ...database,
    ...(secrets ? { password: PASSWORD } : {}),
    ssh_tunnel: { ...BASTION, ...(secrets ? { private_key: tunnelKey.privateKey } : {}), jump_hosts },
  }) as ChatConfig;

async function sealedPaths(id: string): Promise<string[]> {
  const row = await services.db.chatConnector.findUniqueOrThrow({ where: { id } });
  return Object.keys(JSON.parse(row.secrets) as object).sort();
}

describe("a chat connector through a jump host", () => {
  it("create shows the hop with its own key and a line allowing only the bastion; no secret in the answer", async () => {
    const created = await chat.chatConnector.create(newConnector("via-jump", config([{ ...HOP, private_key: hopKey.privateKey }])));
    expect(bastionView(created.config).jump_hosts).toEqual([
      {
        ...HOP,
        host_key_fingerprint: null,
        public_key: hopKey.publicKey,
        public_key_fingerprint: expect.stringMatching(/^SHA256:/),
        key_warnings: [],
        authorized_keys_line: `restrict,port-forwarding,permitopen="bastion.internal:22",command="/bin/false" ${hopKey.publicKey}`,
        key_source: "provided",
        has_private_key_passphrase: false,
      },
    ]);
    const text = JSON.stringify(created);
    for (const secret of [PASSWORD, tunnelKey.privateKey, hopKey.privateKey]) expect(text).not.toContain(secret);
    expect(await sealedPaths(created.id)).toEqual(["password", "ssh_tunnel.jump_hosts.0.private_key", "ssh_tunnel.private_key"]);
  });

  it("refuses a hop passphrase without a key and a hop key that is not a key, at the hop's field", async () => {
    await expectRefusedUnchanged(
      services.db,
      () => chat.chatConnector.create(newConnector("bad", config([{ ...HOP, private_key_passphrase: "alone" }]))),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.jump_hosts.0.private_key_passphrase"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => chat.chatConnector.create(newConnector("bad", config([{ ...HOP, private_key: "not a key" }]))),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.jump_hosts.0.private_key"],
    );
  });

  it("update: a rename keeps the hop's key and pin; a moved hop needs the password again and keeps no key", async () => {
    const { id } = await chat.chatConnector.create(
      newConnector("to-edit", config([{ ...HOP, private_key: hopKey.privateKey, host_key_fingerprint: PIN }])),
    );
    const renamed = await chat.chatConnector.update({ id, name: "edited", config: config([HOP], false) });
    expect(renamed.config).toMatchObject({
      has_password: true,
      ssh_tunnel: { jump_hosts: [{ key_source: "provided", public_key: hopKey.publicKey, host_key_fingerprint: PIN }] },
    });

    const moved = { ...HOP, user: "root" };
    const refused = await expectRefusedUnchanged(
      services.db,
      () => chat.chatConnector.update({ id, config: config([moved], false) }),
      "SECRETS_REQUIRED",
      ["config.password"],
    );
    expect(refused.message).toContain("config.ssh_tunnel.jump_hosts.0.user");
    const again = await chat.chatConnector.update({ id, config: { ...config([moved], false), password: PASSWORD } });
    expect(bastionView(again.config).jump_hosts).toMatchObject([{ ...moved, key_source: "tunnel", public_key: tunnelKey.publicKey }]);
    expect(await sealedPaths(id)).toEqual(["password", "ssh_tunnel.private_key"]);
  });

  it("pins the bastion and the hop on first use, in one write", async () => {
    const { id } = await chat.chatConnector.create(newConnector("to-pin", config([HOP])));
    const row = await services.db.chatConnector.findUniqueOrThrow({ where: { id } });
    await pinChatHostKey(services, row, { host_key_fingerprint: PIN, jump_host_key_fingerprints: [PIN] });
    const pinned = await chat.chatConnector.byId({ id });
    expect(pinned.config.ssh_tunnel).toMatchObject({ host_key_fingerprint: PIN, jump_hosts: [{ host_key_fingerprint: PIN }] });
  });
});
