import { describe, expect, it } from "vitest";
import { CHAT_CONFIG_SCHEMAS, connectionFormSchema, fieldSentence, NOTHING_STORED } from "../src/index.ts";

describe("fieldSentence", () => {
  it("names the field and says what to do", () => {
    expect(fieldSentence("config.host", "must not be empty")).toBe("Enter a host.");
    expect(fieldSentence("config.port", "must be a whole number from 1 to 65535")).toBe("Port must be a whole number from 1 to 65535.");
    expect(fieldSentence("config.ssh_tunnel.user", "is required to connect through the SSH bastion")).toBe(
      "Enter the SSH user to connect through the bastion.",
    );
    expect(fieldSentence("type", "is required: one of A, B")).toBe("Choose a type: one of A, B.");
  });

  it("leaves a sentence as written and labels an unknown path from its last part", () => {
    expect(fieldSentence("config.ssh_tunnel.private_key", "Paste the whole key.")).toBe("Paste the whole key.");
    expect(fieldSentence("config.http_scheme", "must be one of: http, https")).toBe("Http scheme must be one of: http, https.");
  });

  it("words the chat bastion rule from the chat schema, in the same voice", () => {
    const result = connectionFormSchema(NOTHING_STORED, CHAT_CONFIG_SCHEMAS).safeParse({
      name: "c",
      type: "dynamiq.connections.PostgreSQL",
      tunnel: true,
      key_source: "paste",
      config: { host: "db", database: "d", user: "u", password: "", ssh_tunnel: { host: "b", port: "", user: "", private_key: "" } },
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "Enter the SSH port to connect through the bastion.",
      "Enter the SSH user to connect through the bastion.",
      "Enter the private key to connect through the bastion.",
    ]);
  });
});
