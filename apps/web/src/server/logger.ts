import "server-only";
import pino from "pino";

// Structured JSON logs. Secrets never reach a log call by design; redaction is the backstop.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "connections" },
  redact: {
    paths: ["*.password", "*.private_key", "*.private_key_passphrase", "*.key", "*.authorization", "*.*.password", "*.*.private_key"],
    censor: "[redacted]",
  },
});
