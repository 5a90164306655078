import { describe, expect, it } from "vitest";
import { startNextServer } from "@connections/testkit";
import { target } from "../support/fixtures.ts";

describe("the server's settings at start", () => {
  it("refuses bad values of several packages with one message naming each variable", async () => {
    const env = { DATABASE_URL: target().databaseUrl, CONNECTIONS_ENCRYPTION_KEY: target().encryptionKey };
    const started = startNextServer(target().webDir, {
      ...env,
      LOG_LEVEL: "loud",
      CONNECTIONS_DENY_TARGETS: "db.internal",
      CONNECTIONS_CALLS_BURST: "lots",
    });
    await expect(started).rejects.toThrow(
      new RegExp(
        [
          "exited with code 1[\\s\\S]*Connections cannot start: 3 settings are invalid:",
          '- LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
          '- CONNECTIONS_DENY_TARGETS: "db.internal" is not an IP address or CIDR range',
        ].join("[^\\n]*\\n") + '[^\\n]*\\n- CONNECTIONS_CALLS_BURST must be a whole number from 1 to 1,000,000, not "lots"',
      ),
    );
  });
});
