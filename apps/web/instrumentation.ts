// Runs once when the server starts: a missing, malformed or wrong master key, or an unreachable
// database, stops start-up here with its message instead of failing the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { services } = await import("./src/server/services.ts");
  await services();
}
