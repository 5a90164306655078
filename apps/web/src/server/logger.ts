import "server-only";
import pino from "pino";
import { webEnv } from "../env.ts";

// Structured JSON logs. Secrets never reach a log call by design; redaction is the backstop.
export const logger = pino({
  level: webEnv().LOG_LEVEL,
  base: { service: "connections" },
  redact: {
    paths: ["*.password", "*.private_key", "*.private_key_passphrase", "*.key", "*.authorization", "*.*.password", "*.*.private_key"],
    censor: "[redacted]",
  },
});
