// A missing, malformed or wrong master key, an unreachable database or a malformed target policy
// stops the process here with its message. Next would otherwise keep serving and fail every request.
import { targetPolicy } from "@connections/tunnel";
import { refuseMalformedRequests } from "./src/server/http/refuse-malformed-requests.ts";
import { stampPeerAddresses } from "./src/server/request-origin.ts";
import { services } from "./src/server/services.ts";

refuseMalformedRequests();
stampPeerAddresses();
try {
  targetPolicy();
  await services();
} catch (error) {
  console.error(`Connections cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
