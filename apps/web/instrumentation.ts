// Runs once when the server starts: a missing, malformed or wrong master key, or an unreachable
// database, stops the process here with its message. Next would otherwise keep serving and fail
// every request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { services } = await import("./src/server/services.ts");
  try {
    await services();
  } catch (error) {
    console.error(`Connections cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
