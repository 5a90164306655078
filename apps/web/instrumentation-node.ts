// Bad settings (every one at once), a missing, malformed or wrong master key or an unreachable
// database stop the process here with one message. Next would otherwise keep serving and fail every request.
import { serverEnv } from "@connections/api";
import { endWithAuditWritten } from "./src/server/end-with-audit-written.ts";
import { readAllEnv } from "@connections/core";
import { webEnv } from "./src/env.ts";
import { refuseMalformedRequests } from "./src/server/http/refuse-malformed-requests.ts";
import { stampPeerAddresses } from "./src/server/request-origin.ts";

refuseMalformedRequests();
stampPeerAddresses();
try {
  readAllEnv({ web: () => webEnv(), server: () => serverEnv() });
  // Loaded after the check: the logger it imports reads LOG_LEVEL as it loads.
  const { services } = await import("./src/server/services.ts");
  endWithAuditWritten(await services());
} catch (error) {
  console.error(`Connections cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
