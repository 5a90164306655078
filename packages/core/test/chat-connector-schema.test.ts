import { describe, expect, it } from "vitest";
import { AppError, CONNECTION_TYPE_NAMES, createChatConnectorInputSchema } from "../src/index.ts";
import { MINIMAL_CONFIGS, pem } from "./valid-configs.ts";

const KEY = pem("OPENSSH PRIVATE KEY", "placeholder");
const FULL_TUNNEL = { host: "bastion.example.com", port: 22, user: "tunnel", private_key: KEY };

function parse(sshTunnel: unknown, type = "dynamiq.connections.PostgreSQL" as (typeof CONNECTION_TYPE_NAMES)[number]) {
  return createChatConnectorInputSchema.safeParse({ name: "mine", type, config: { ...MINIMAL_CONFIGS[type], ssh_tunnel: sshTunnel } });
}

function fieldErrors(sshTunnel: unknown) {
  const result = parse(sshTunnel);
  if (result.success) throw new Error("expected the tunnel to be rejected");
  return AppError.fromZod(result.error).details as { path: string; message: string }[];
}

describe("a chat connector's SSH bastion", () => {
  it.each(CONNECTION_TYPE_NAMES)("is accepted with host, port, user and private key filled (%s)", (type) => {
    const result = parse({ ...FULL_TUNNEL, private_key_passphrase: "" }, type);
    expect(result.success).toBe(true);
    expect(result.data?.config.ssh_tunnel).toEqual(FULL_TUNNEL);
  });

  it("names each missing field once, and only the missing ones", () => {
    expect(fieldErrors({ host: "bastion.example.com", port: 22, user: "tunnel" })).toEqual([
      { path: "config.ssh_tunnel.private_key", code: "INVALID_VALUE", message: "is required to connect through the SSH bastion" },
    ]);
    expect(fieldErrors({ host: "  ", port: "", user: null, private_key: "" }).map((e) => e.path)).toEqual([
      "config.ssh_tunnel.host",
      "config.ssh_tunnel.port",
      "config.ssh_tunnel.user",
      "config.ssh_tunnel.private_key",
    ]);
  });

  it("does not default the port: a blank port is missing", () => {
    expect(fieldErrors({ host: "b", user: "u", private_key: KEY }).map((e) => e.path)).toEqual(["config.ssh_tunnel.port"]);
  });

  it("reports a bad value and the missing fields together", () => {
    expect(fieldErrors({ host: "b", port: 70000, private_key: KEY })).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.port", message: "must be a whole number from 1 to 65535" }),
      expect.objectContaining({ path: "config.ssh_tunnel.user", message: "is required to connect through the SSH bastion" }),
    ]);
  });

  it("still refuses an SSH password", () => {
    expect(fieldErrors({ ...FULL_TUNNEL, password: "x" }).map((e) => e.path)).toEqual(["config.ssh_tunnel.password"]);
  });

  it("without a tunnel, the type's own rules apply", () => {
    expect(
      createChatConnectorInputSchema.safeParse({
        name: "ch",
        type: "dynamiq.connections.ClickHouse",
        config: { host: "ch", password: "", secure: true },
      }).data?.config.port,
    ).toBe(8443);
  });
});
