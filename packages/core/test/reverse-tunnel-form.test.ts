import { describe, expect, it } from "vitest";
import {
  agentCommand,
  agentDatabaseOf,
  bastionHopOf,
  CHAT_CONFIG_SCHEMAS,
  connectionFormBody,
  connectionFormSchema,
  REVERSE_STAGES,
  STAGE_LABELS,
  stagesByHop,
  storedSecretsOf,
  type Connection,
  type ConnectionFormValues,
  type StageResult,
} from "../src/index.ts";
import { pem } from "./valid-configs.ts";

// The form's "Reverse tunnel — my network connects out" choice (SPEC §11): the body it sends, how
// its key's errors read, the database the agent's command forwards to, and its stages on screen.

const KEY = pem("OPENSSH PRIVATE KEY", "placeholder");
const AGENT_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKb1Yp4vQhFMUfmaqb6jG4lbeRW9CFZmIM0Cp1uTgRQE ops@db-net";

function values(mode: "bastion" | "reverse", tunnel: Record<string, unknown>, overrides: Partial<ConnectionFormValues> = {}) {
  return {
    name: "warehouse",
    type: "dynamiq.connections.PostgreSQL",
    tunnel: true,
    tunnel_mode: mode,
    key_source: "paste",
    config: {
      host: "10.0.12.34",
      port: "",
      database: "app",
      user: "reader",
      password: "secret",
      ssh_tunnel: { host: "", port: "", user: "", private_key: "", private_key_passphrase: "", host_key_fingerprint: "", ...tunnel },
    },
    ...overrides,
  } satisfies ConnectionFormValues;
}

function issuesOf(result: ReturnType<ReturnType<typeof connectionFormSchema>["safeParse"]>) {
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
}

describe("the connection form's body with a reverse tunnel", () => {
  it("sends only the mode and the agent's public key, whatever bastion fields still hold", () => {
    const body = connectionFormBody(
      values("reverse", { host: "bastion.example.com", user: "dynamiq", private_key: KEY, authorized_key: AGENT_KEY }),
    );
    expect(body.config).toEqual({
      host: "10.0.12.34",
      database: "app",
      user: "reader",
      password: "secret",
      ssh_tunnel: { mode: "reverse", authorized_key: AGENT_KEY },
    });
  });

  it("keeps today's bastion body (no mode, no agent key) when the bastion is chosen", () => {
    const body = connectionFormBody(values("bastion", { host: "b", user: "u", private_key: KEY, authorized_key: AGENT_KEY }));
    expect(body.config.ssh_tunnel).toEqual({ host: "b", user: "u", private_key: KEY });
  });

  it("leaves the tunnel out when it is switched off, whichever mode was chosen", () => {
    expect(connectionFormBody(values("reverse", { authorized_key: AGENT_KEY }, { tunnel: false })).config).not.toHaveProperty("ssh_tunnel");
  });

  it("accepts a valid key, and puts a missing or malformed one on the Agent public key field only", () => {
    const schema = connectionFormSchema();
    expect(schema.safeParse(values("reverse", { authorized_key: `${AGENT_KEY}\n` })).success).toBe(true);
    expect(issuesOf(schema.safeParse(values("reverse", { authorized_key: "" })))).toEqual([
      ["config.ssh_tunnel.authorized_key", "Enter the agent's public key."],
    ]);
    const [issue] = issuesOf(schema.safeParse(values("reverse", { authorized_key: KEY })));
    expect(issue?.[0]).toBe("config.ssh_tunnel.authorized_key");
    expect(issue?.[1]).toMatch(/^Agent public key must be one OpenSSH public key line/);
  });

  it("is accepted by Chat's stricter schemas without any bastion field", () => {
    const schema = connectionFormSchema(undefined, CHAT_CONFIG_SCHEMAS);
    expect(schema.safeParse(values("reverse", { authorized_key: AGENT_KEY })).success).toBe(true);
    expect(issuesOf(schema.safeParse(values("reverse", { authorized_key: "ssh-ed25519" })))[0]?.[0]).toBe(
      "config.ssh_tunnel.authorized_key",
    );
  });

  it("stores nothing secret for a saved reverse tunnel, so no blank field is taken to keep a key", () => {
    const saved = {
      config: {
        host: "db.internal",
        port: 5432,
        database: "app",
        user: "reader",
        has_password: true,
        ssh_tunnel: {
          mode: "reverse",
          authorized_key: AGENT_KEY,
          authorized_key_fingerprint: "SHA256:x",
          agent_command: null,
          known_hosts_line: null,
          agent_status: { connected: false, since: null, remote_address: null, agents: 0 },
        },
      },
    } as unknown as Pick<Connection, "config">;
    expect([...storedSecretsOf(saved).paths]).toEqual(["password"]);
  });
});

describe("the database the agent forwards to", () => {
  it("is the host and port as typed, a blank port being the type's default for the TLS setting on screen", () => {
    expect(agentDatabaseOf(values("reverse", {}))).toEqual({ host: "10.0.12.34", port: 5432 });
    expect(agentDatabaseOf({ type: "dynamiq.connections.MySQL", config: { host: " db.lan ", port: "" } })).toEqual({
      host: "db.lan",
      port: 3306,
    });
    expect(agentDatabaseOf({ type: "dynamiq.connections.PostgreSQL", config: { host: "db.lan", port: "6543" } })).toEqual({
      host: "db.lan",
      port: 6543,
    });
  });

  it("is unknown until a host is typed, or while the port is not a port", () => {
    expect(agentDatabaseOf({ type: "dynamiq.connections.PostgreSQL", config: { host: "  ", port: "" } })).toBeNull();
    for (const port of ["x", "0", "70000", "54.3"]) {
      expect(agentDatabaseOf({ type: "dynamiq.connections.PostgreSQL", config: { host: "db", port } })).toBeNull();
    }
  });

  it("gives the command the form shows before saving", () => {
    const database = agentDatabaseOf({ type: "dynamiq.connections.PostgreSQL", config: { host: "db.lan", port: "" } })!;
    expect(agentCommand({ host: "connections.example.com", port: 2222 }, database)).toBe(
      "ssh -N -o ExitOnForwardFailure=yes -o ServerAliveInterval=15 -i ~/.ssh/connections_agent -p 2222 -R 5432:db.lan:5432 tunnel@connections.example.com",
    );
  });
});

describe("a reverse tunnel's stages on screen", () => {
  it("form one group without a hop, starting with the agent's, each with its label", () => {
    const stages: StageResult[] = REVERSE_STAGES.map((name) => ({ name, status: "ok", duration_ms: 1 }));
    expect(stagesByHop(stages).map((group) => [group.hop, group.stages.map((stage) => stage.name)])).toEqual([
      [undefined, ["agent", "forward", "db_tls", "db_auth", "query"]],
    ]);
    expect(bastionHopOf(stages)).toBeUndefined();
    expect(REVERSE_STAGES.map((name) => STAGE_LABELS[name])[0]).toBe("Agent connected");
  });
});
