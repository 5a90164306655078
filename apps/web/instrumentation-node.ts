// A missing, malformed or wrong master key, or an unreachable database, stops the process here with
// its message. Next would otherwise keep serving and fail every request.
import { services } from "./src/server/services.ts";

try {
  await services();
} catch (error) {
  console.error(`Connections cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
