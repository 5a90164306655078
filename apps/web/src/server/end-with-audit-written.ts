import type { ServiceContext } from "@connections/api";

const EXIT_CODES = { SIGTERM: 143, SIGINT: 130 } as const;
/** Longer than any batch takes; a database that does not answer must not keep the process alive. */
const FLUSH_LIMIT_MS = 5_000;

/**
 * On SIGTERM or SIGINT, writes the audit rows still waiting for their batch (up to 250 ms of calls)
 * before the process ends. npm start sets NEXT_MANUAL_SIG_HANDLE, so Next leaves the signal to this
 * handler, which then ends the process; when Next handles it too, Next ends it and the rows are
 * written only if they are quicker than its own shutdown.
 */
export function endWithAuditWritten(ctx: ServiceContext): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const nextEnds = process.listenerCount(signal) > 0;
      const limit = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_LIMIT_MS).unref());
      void Promise.race([ctx.audit.flush(), limit]).finally(() => {
        if (!nextEnds) process.exit(EXIT_CODES[signal]);
      });
    });
  }
}
