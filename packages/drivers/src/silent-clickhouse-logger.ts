import { ClickHouseLogLevel, type Logger } from "@clickhouse/client";

/**
 * @clickhouse/client logs to the console by itself, outside our logger and its redaction, and
 * its error entries carry the server's whole response body. Every failure already reaches the
 * caller as a typed, quoted error, so its own log is dropped.
 */
class SilentClickHouseLogger implements Logger {
  trace(): void {}
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}

export const SILENT_CLICKHOUSE_LOG = { LoggerClass: SilentClickHouseLogger, level: ClickHouseLogLevel.OFF };
