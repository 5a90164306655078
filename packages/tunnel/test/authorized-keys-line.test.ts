import { describe, expect, it } from "vitest";
import { authorizedKeysLine } from "../src/index.ts";

const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDu9bvnR5b1cMmoqyT0Q6+9PAwmzwSH/tHNzO5JZwJJd conn_1@connections";

describe("authorizedKeysLine", () => {
  it("limits forwarding to the database host and port", async () => {
    expect(authorizedKeysLine(PUBLIC_KEY, "db.internal", 5432)).toBe(
      `restrict,port-forwarding,permitopen="db.internal:5432",command="/bin/false" ${PUBLIC_KEY}`,
    );
  });

  it("uses the given port", async () => {
    expect(authorizedKeysLine(PUBLIC_KEY, "10.0.0.5", 8123)).toContain('permitopen="10.0.0.5:8123"');
  });

  it("brackets an IPv6 address", async () => {
    expect(authorizedKeysLine(PUBLIC_KEY, "2001:db8::10", 5432)).toContain('permitopen="[2001:db8::10]:5432"');
    expect(authorizedKeysLine(PUBLIC_KEY, "::1", 3306)).toContain('permitopen="[::1]:3306"');
  });

  it("does not double-bracket an already bracketed IPv6 address", async () => {
    expect(authorizedKeysLine(PUBLIC_KEY, "[2001:db8::10]", 5432)).toContain('permitopen="[2001:db8::10]:5432"');
  });

  it("starts with restrict so no shell, PTY, agent or X11 forwarding is allowed", async () => {
    const line = authorizedKeysLine(PUBLIC_KEY, "db", 5432);
    const options = line.slice(0, line.indexOf(" ssh-ed25519"));
    expect(options.split(",")[0]).toBe("restrict");
    expect(options).not.toMatch(/\bpty\b|agent-forwarding|X11-forwarding/);
  });

  it("ends with the public key unchanged", async () => {
    expect(authorizedKeysLine(PUBLIC_KEY, "db", 5432).endsWith(` ${PUBLIC_KEY}`)).toBe(true);
  });
});
