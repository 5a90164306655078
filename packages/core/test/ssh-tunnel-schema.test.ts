import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError, bastionTunnelSchema, FINGERPRINT_PATTERN, createConnectionInputSchema, sshTunnelSchema } from "../src/index.ts";
import { FINGERPRINT, MINIMAL_CONFIGS, pem, TUNNEL } from "./valid-configs.ts";

function tunnelErrors(sshTunnel: Record<string, unknown>) {
  const result = createConnectionInputSchema.safeParse({
    name: "warehouse",
    project_id: "prj_1",
    type: "dynamiq.connections.PostgreSQL",
    config: { ...MINIMAL_CONFIGS["dynamiq.connections.PostgreSQL"], ssh_tunnel: sshTunnel },
  });
  if (result.success) throw new Error("expected the tunnel to be rejected");
  return AppError.fromZod(result.error).details as { path: string; message: string }[];
}

describe("ssh_tunnel schema", () => {
  it("accepts a full tunnel and keeps every field", () => {
    const tunnel = {
      host: "bastion.example.com",
      port: 2222,
      user: "tunnel",
      private_key: pem("OPENSSH PRIVATE KEY", "…"),
      private_key_passphrase: "correct horse",
      host_key_fingerprint: FINGERPRINT,
    };
    expect(sshTunnelSchema.parse(tunnel)).toEqual(tunnel);
  });

  it("defaults the port to 22", () => {
    expect(bastionTunnelSchema.parse(TUNNEL).port).toBe(22);
  });

  it("lets the private key be omitted (a key pair is generated)", () => {
    expect(sshTunnelSchema.parse(TUNNEL)).not.toHaveProperty("private_key");
  });

  it("rejects an empty private key, pointing at omitting it instead", () => {
    expect(tunnelErrors({ ...TUNNEL, private_key: "" })).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.private_key", message: expect.stringContaining("omit it") }),
    ]);
  });

  it("requires host and user", () => {
    const errors = tunnelErrors({});
    expect(errors.map((e) => e.path).sort()).toEqual(["config.ssh_tunnel.host", "config.ssh_tunnel.user"]);
    expect(errors.every((e) => e.message === "is required")).toBe(true);
  });

  it.each([0, 70000, "22", 22.5])("rejects port %j", (port) => {
    expect(tunnelErrors({ ...TUNNEL, port }).map((e) => e.path)).toEqual(["config.ssh_tunnel.port"]);
  });

  it("rejects a bastion host with a scheme", () => {
    expect(tunnelErrors({ ...TUNNEL, host: "ssh://bastion" }).map((e) => e.path)).toEqual(["config.ssh_tunnel.host"]);
  });
});

describe("ssh_tunnel.password", () => {
  it("is rejected with a message saying passwords are not supported", () => {
    const errors = tunnelErrors({ ...TUNNEL, password: "hunter2" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("config.ssh_tunnel.password");
    expect(errors[0]!.message).toMatch(/password authentication is not supported/i);
    expect(errors[0]!.message).toContain("private_key");
  });

  it("is rejected even when empty or null", () => {
    for (const password of ["", null]) {
      expect(tunnelErrors({ ...TUNNEL, password }).map((e) => e.path)).toEqual(["config.ssh_tunnel.password"]);
    }
  });

  it("never echoes the password back", () => {
    const errors = tunnelErrors({ ...TUNNEL, password: "hunter2-secret" });
    expect(JSON.stringify(errors)).not.toContain("hunter2-secret");
  });
});

describe("ssh_tunnel unknown fields", () => {
  it("names each unknown field with its full path", () => {
    const errors = tunnelErrors({ ...TUNNEL, identity_file: "~/.ssh/id_ed25519", jump_host: "x" });
    expect(errors.map((e) => e.path).sort()).toEqual(["config.ssh_tunnel.identity_file", "config.ssh_tunnel.jump_host"]);
    expect(errors.every((e) => e.message === "is not a known field")).toBe(true);
  });
});

describe("host_key_fingerprint", () => {
  it.each([
    FINGERPRINT,
    `${FINGERPRINT}=`, // some tools keep the base64 padding
    "SHA256:+/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  ])("accepts %s", (fingerprint) => {
    expect(bastionTunnelSchema.parse({ ...TUNNEL, host_key_fingerprint: fingerprint }).host_key_fingerprint).toBe(fingerprint);
  });

  it.each([
    ["an MD5 fingerprint", "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"],
    ["a bare hex string", "16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"],
    ["a fingerprint without prefix", FINGERPRINT.slice("SHA256:".length)],
    ["a lower-case prefix", FINGERPRINT.replace("SHA256", "sha256")],
    ["a too-short digest", FINGERPRINT.slice(0, -1)],
    ["a too-long digest", `${FINGERPRINT}A`],
    ["a digest with invalid characters", FINGERPRINT.replace("n", "-")],
    ["surrounding spaces", ` ${FINGERPRINT} `],
  ])("rejects %s", (_what, fingerprint) => {
    const errors = tunnelErrors({ ...TUNNEL, host_key_fingerprint: fingerprint });
    expect(errors).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.host_key_fingerprint", message: expect.stringContaining("SHA256:") }),
    ]);
  });

  it("exports a pattern that matches what the schema accepts", () => {
    expect(FINGERPRINT_PATTERN.test(FINGERPRINT)).toBe(true);
    expect(FINGERPRINT_PATTERN.test("MD5:aa")).toBe(false);
  });
});

describe("ssh_tunnel.jump_hosts", () => {
  const hop = { host: "jump.example.com", user: "hop" };

  it("keeps the hops in order, each port defaulting to 22, with an optional own key, passphrase and pin", () => {
    const own = {
      host: "jump-2.example.com",
      port: 2222,
      user: "hop2",
      private_key: pem("OPENSSH PRIVATE KEY", "…"),
      private_key_passphrase: "pw",
      host_key_fingerprint: FINGERPRINT,
    };
    expect(bastionTunnelSchema.parse({ ...TUNNEL, jump_hosts: [hop, own] }).jump_hosts).toEqual([{ ...hop, port: 22 }, own]);
  });

  it("allows at most 4 jump hosts", () => {
    expect(bastionTunnelSchema.parse({ ...TUNNEL, jump_hosts: Array(4).fill(hop) }).jump_hosts).toHaveLength(4);
    expect(tunnelErrors({ ...TUNNEL, jump_hosts: Array(5).fill(hop) })).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.jump_hosts", message: "must list at most 4 jump hosts" }),
    ]);
  });

  it("names each bad hop field by its index", () => {
    const errors = tunnelErrors({ ...TUNNEL, jump_hosts: [hop, { host: "ssh://jump", port: 0, private_key: "", extra: 1 }] });
    expect(errors.map((e) => e.path).sort()).toEqual([
      "config.ssh_tunnel.jump_hosts.1.extra",
      "config.ssh_tunnel.jump_hosts.1.host",
      "config.ssh_tunnel.jump_hosts.1.port",
      "config.ssh_tunnel.jump_hosts.1.private_key",
      "config.ssh_tunnel.jump_hosts.1.user",
    ]);
    expect(errors.find((e) => e.path.endsWith(".private_key"))?.message).toContain("omit it to use the tunnel's key");
  });

  it.each([
    ["an object", hop],
    ["a string", "jump.example.com"],
  ])("must be a list, not %s: one error", (_, jumpHosts) => {
    expect(tunnelErrors({ ...TUNNEL, jump_hosts: jumpHosts })).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.jump_hosts", message: "must be a list of jump hosts" }),
    ]);
  });
});

describe("reverse tunnel", () => {
  const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHr1Dp2u0f6Qn4oZ3nJ2cYyD2p3kqZ8hQpZ9bF7mXb1E agent@db-net";

  it("accepts an agent's public key line, trimmed, and nothing else", () => {
    expect(sshTunnelSchema.parse({ mode: "reverse", authorized_key: `${KEY}\n` })).toEqual({ mode: "reverse", authorized_key: KEY });
    expect(sshTunnelSchema.safeParse({ mode: "reverse", authorized_key: KEY, host: "bastion" }).success).toBe(false);
  });

  it.each([
    // Made here, so no key text is kept in the repository.
    ["a private key", generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString()],
    ["two lines", `${KEY}\n${KEY}`],
    ["an options prefix", `restrict ${KEY}`],
    ["a DSA key", "ssh-dss AAAAB3NzaC1kc3MAAACBAP"],
  ])("refuses %s on its field", (_, authorizedKey) => {
    const result = sshTunnelSchema.safeParse({ mode: "reverse", authorized_key: authorizedKey });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      [
        "authorized_key",
        "must be one OpenSSH public key line, such as the contents of ~/.ssh/connections_agent.pub (ssh-ed25519 AAAA… comment)",
      ],
    ]);
  });

  it("names both modes when the mode is unknown, and treats mode bastion as the default", () => {
    expect(sshTunnelSchema.safeParse({ mode: "agent" }).error?.issues[0]?.message).toBe(
      'must be "bastion" (this service logs in to your bastion, the default) or "reverse" (your network connects out)',
    );
    expect(sshTunnelSchema.parse({ ...TUNNEL, mode: "bastion" })).toEqual(sshTunnelSchema.parse(TUNNEL));
  });
});
