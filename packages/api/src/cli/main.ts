// Admin CLI: `npm run -s cli -- <group> <command> [--options]`. Prints JSON on stdout; errors go
// to stderr as {"error": {...}} with exit code 1 (2 for usage errors).
import { parseArgs } from "node:util";
import { AppError, isAppError } from "@connections/core";
import { databaseUrl, MasterKeyError, migrate } from "@connections/db";
import { createAccessKey } from "../auth/create-access-key.ts";
import { createProject } from "../projects/create-project.ts";
import { rotateSecrets } from "../secrets/rotate-secrets.ts";
import { seedDemo } from "../seed/seed-demo.ts";
import { openServiceContext } from "../service-context.ts";
import { createUser } from "../users/create-user.ts";

const USAGE = `usage: cli <command> [options]
  projects create --name NAME
  access-keys create --project PROJECT_ID [--name NAME]
  users create --email EMAIL --password PASSWORD [--name NAME] [--project PROJECT_ID]
  db migrate
  db seed
  encryption rotate          re-encrypt every secret with CONNECTIONS_ENCRYPTION_KEY
                             (the old key must be in CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    project: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
  },
});

function required(option: keyof typeof values): string {
  const value = values[option];
  if (typeof value !== "string" || !value) throw new UsageError(`--${option} is required`);
  return value;
}

class UsageError extends Error {}

async function run(): Promise<unknown> {
  const command = positionals.join(" ");
  if (command === "db migrate") return { applied: await migrate(databaseUrl()) };
  const ctx = await openServiceContext();
  try {
    switch (command) {
      case "projects create":
        return await createProject(ctx, required("name"));
      case "access-keys create": {
        const key = await createAccessKey(ctx, required("project"), values.name);
        return { key: key.key, id: key.id, project_id: key.project_id };
      }
      case "users create":
        return await createUser(ctx, { email: required("email"), password: required("password"), name: values.name, project_id: values.project });
      case "db seed":
        return await seedDemo(ctx);
      case "encryption rotate":
        return await rotateSecrets(ctx);
      default:
        throw new UsageError(command ? `unknown command: ${command}` : "no command given");
    }
  } finally {
    await ctx.db.$disconnect();
  }
}

try {
  process.stdout.write(`${JSON.stringify(await run())}\n`);
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const body = isAppError(error)
    ? error.toBody()
    : error instanceof MasterKeyError
      ? new AppError("INTERNAL", error.message).toBody()
      : { error: { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) } };
  process.stderr.write(`${JSON.stringify(body)}\n`);
  process.exit(1);
}
