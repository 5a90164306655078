import { describe, expect, it } from "vitest";
import {
  connectionFormBody,
  connectionFormSchema,
  fieldSentence,
  hopLabel,
  isSavedJumpHost,
  stagesByHop,
  storedSecretsOf,
  type ConnectionFormValues,
  type StageResult,
} from "../src/index.ts";
import { pem } from "./valid-configs.ts";

// The Connections form's jump host rows (SPEC §10): how they become the request body, how their
// errors read, and how a chain's stages group by server.

const KEY = pem("OPENSSH PRIVATE KEY", "placeholder");
const PIN = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const BLANK_HOP = {
  host: "",
  port: "",
  user: "",
  private_key: "",
  private_key_passphrase: "",
  host_key_fingerprint: "",
  use_tunnel_key: false,
};

function values(jumpHosts: Array<Partial<typeof BLANK_HOP>>): ConnectionFormValues {
  return {
    name: "chained",
    type: "dynamiq.connections.PostgreSQL",
    tunnel: true,
    key_source: "paste",
    config: {
      host: "db.internal",
      port: "",
      database: "app",
      user: "reader",
      password: "pw",
      ssh_tunnel: {
        host: "bastion.example.com",
        port: "",
        user: "dynamiq",
        private_key: KEY,
        private_key_passphrase: "",
        host_key_fingerprint: "",
        jump_hosts: jumpHosts.map((hop) => ({ ...BLANK_HOP, ...hop })),
      },
    },
  };
}

function issuesOf(result: ReturnType<ReturnType<typeof connectionFormSchema>["safeParse"]>) {
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
}

const savedView = {
  config: {
    ssh_tunnel: {
      host: "bastion.example.com",
      port: 22,
      user: "dynamiq",
      host_key_fingerprint: null,
      has_private_key_passphrase: false,
      key_source: "provided",
      jump_hosts: [
        { host: "jump-1", port: 22, user: "hop", host_key_fingerprint: PIN, key_source: "provided", has_private_key_passphrase: true },
        { host: "jump-2", port: 2222, user: "hop", host_key_fingerprint: null, key_source: "tunnel", has_private_key_passphrase: false },
      ],
    },
  },
} as unknown as Parameters<typeof storedSecretsOf>[0];

describe("the jump host rows in the form's body", () => {
  it("sends each row in order without its blank fields, ports as numbers, and no list when there are no rows", () => {
    const body = connectionFormBody(
      values([
        { host: "jump-1", user: "hop" },
        { host: "jump-2", port: "2222", user: "hop", private_key: KEY },
      ]),
    );
    expect((body.config.ssh_tunnel as { jump_hosts: unknown }).jump_hosts).toEqual([
      { host: "jump-1", user: "hop" },
      { host: "jump-2", port: 2222, user: "hop", private_key: KEY },
    ]);
    expect(connectionFormBody(values([])).config.ssh_tunnel).not.toHaveProperty("jump_hosts");
  });

  it("names a bad row's field with its hop, client-side as the server would", () => {
    expect(issuesOf(connectionFormSchema().safeParse(values([{ host: "jump-1", user: "hop" }, { port: "99999" }])))).toEqual([
      ["config.ssh_tunnel.jump_hosts.1.host", "Jump host 2 · Enter a host."],
      ["config.ssh_tunnel.jump_hosts.1.port", "Jump host 2 · Port must be a whole number from 1 to 65535."],
      ["config.ssh_tunnel.jump_hosts.1.user", "Jump host 2 · Enter a user."],
    ]);
  });

  it("keeps a saved hop's key, passphrase and pin only while the row is the same server", () => {
    const stored = storedSecretsOf(savedView);
    expect([...stored.paths]).toEqual([
      "ssh_tunnel.private_key",
      "ssh_tunnel.jump_hosts.0.private_key",
      "ssh_tunnel.jump_hosts.0.private_key_passphrase",
    ]);
    expect(isSavedJumpHost(stored, 0, { host: "jump-1", port: "", user: "hop" })).toBe(true);
    expect(isSavedJumpHost(stored, 0, { host: "jump-2", port: "2222", user: "hop" })).toBe(false);
    expect(isSavedJumpHost(stored, 1, { host: "jump-2", port: "22", user: "hop" })).toBe(false);
    // A pin belongs to the server wherever it is in the list: emptied, it is cleared (null); another server has none to clear.
    const same = connectionFormBody(
      values([
        { host: "jump-2", port: "2222", user: "hop" },
        { host: "jump-1", user: "other" },
      ]),
      stored,
    ).config.ssh_tunnel as { jump_hosts: unknown[] };
    expect(same.jump_hosts).toEqual([
      { host: "jump-2", port: 2222, user: "hop" },
      { host: "jump-1", user: "other", host_key_fingerprint: null },
    ]);
    const moved = connectionFormBody(values([{ host: "jump-2", port: "2222", user: "hop" }]), stored).config.ssh_tunnel as {
      jump_hosts: unknown[];
    };
    expect(moved.jump_hosts).toEqual([{ host: "jump-2", port: 2222, user: "hop" }]);
    expect(connectionFormSchema(stored).safeParse(values([{ host: "jump-1", user: "hop" }])).success).toBe(true);
  });

  it("drops a saved hop's stored key for the tunnel's when asked, and only on that same server", () => {
    const stored = storedSecretsOf(savedView);
    const body = (hop: Partial<typeof BLANK_HOP>) =>
      (connectionFormBody(values([hop]), stored).config.ssh_tunnel as { jump_hosts: unknown[] }).jump_hosts;
    expect(body({ host: "jump-1", user: "hop", host_key_fingerprint: PIN, use_tunnel_key: true, private_key: KEY })).toEqual([
      { host: "jump-1", user: "hop", host_key_fingerprint: PIN, private_key: null, private_key_passphrase: null },
    ]);
    expect(body({ host: "jump-9", user: "hop", use_tunnel_key: true })).toEqual([{ host: "jump-9", user: "hop" }]);
    expect(connectionFormSchema(stored).safeParse(values([{ host: "jump-1", user: "hop", use_tunnel_key: true }])).success).toBe(true);
  });
});

describe("field sentences of jump hosts", () => {
  it("says which jump host, also for a message that is already a sentence", () => {
    expect(fieldSentence("config.ssh_tunnel.jump_hosts.0.host", "must not be empty")).toBe("Jump host 1 · Enter a host.");
    expect(fieldSentence("config.ssh_tunnel.jump_hosts.3.host_key_fingerprint", "must be an OpenSSH SHA256 fingerprint")).toBe(
      "Jump host 4 · Pinned host key must be an OpenSSH SHA256 fingerprint.",
    );
    expect(fieldSentence("config.ssh_tunnel.jump_hosts.1.private_key", "Paste the whole private key file.")).toBe(
      "Jump host 2 · Paste the whole private key file.",
    );
    expect(fieldSentence("config.ssh_tunnel.jump_hosts.1.private_key", "Jump host 2 · Paste the whole private key file.")).toBe(
      "Jump host 2 · Paste the whole private key file.",
    );
    expect(fieldSentence("config.ssh_tunnel.jump_hosts", "must list at most 4 jump hosts")).toBe(
      "Jump hosts must list at most 4 jump hosts.",
    );
  });
});

describe("a chain's stages by server", () => {
  const stage = (name: StageResult["name"], hop?: { index: number; host: string }): StageResult => ({
    name,
    status: "ok",
    duration_ms: 1,
    ...(hop ? { hop } : {}),
  });
  const jump = { index: 1, host: "jump.example.com" };
  const bastion = { index: 2, host: "bastion.example.com" };

  it("groups the repeated SSH stages under each hop, then forward with the bastion, then the database's", () => {
    const ssh = ["dns", "tcp", "ssh_handshake", "host_key", "ssh_auth"] as const;
    const stages = [
      ...ssh.map((name) => stage(name, jump)),
      ...ssh.map((name) => stage(name, bastion)),
      stage("forward", bastion),
      stage("db_auth"),
    ];
    const groups = stagesByHop(stages);
    expect(groups.map((group) => [group.hop?.index, group.stages.map((s) => s.name)])).toEqual([
      [1, [...ssh]],
      [2, [...ssh, "forward"]],
      [undefined, ["db_auth"]],
    ]);
    expect(hopLabel(jump, 2)).toBe("Jump host 1 · jump.example.com");
    expect(hopLabel(bastion, 2)).toBe("Bastion · bastion.example.com");
  });
});
