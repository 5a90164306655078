import { nextRuntime } from "./src/env.ts";

// Runs once when the server starts. The check itself is Node-only, so it lives in its own module.
export async function register(): Promise<void> {
  if (nextRuntime() === "nodejs") await import("./instrumentation-node.ts");
}
