// Runs once when the server starts. The check itself is Node-only, so it lives in its own module.
// NEXT_RUNTIME is not a setting: Next replaces it with a constant at build time, which is what
// keeps the Node-only module out of the edge bundle (read through env.ts, the build fails).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node.ts");
}
