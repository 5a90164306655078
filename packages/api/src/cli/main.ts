// Admin CLI: `npm run -s cli -- <group> <command> [--options]`. Prints JSON on stdout; errors go
// to stderr as {"error": {...}} with exit code 1 (2 for usage errors).
import { join, resolve } from "node:path";
import { AppError, connectionNameSchema, isAppError } from "@connections/core";
import { databaseUrl, MasterKeyError, migrate, projectRoot } from "@connections/db";
import { listAccessKeys } from "../access-keys/list-access-keys.ts";
import { revokeAccessKey } from "../access-keys/revoke-access-key.ts";
import { createAccessKey } from "../auth/create-access-key.ts";
import { createProject } from "../projects/create-project.ts";
import { rotateSecrets } from "../secrets/rotate-secrets.ts";
import { seedDemo } from "../seed/seed-demo.ts";
import { openServiceContext } from "../service-context.ts";
import { endSessions } from "../sessions/end-sessions.ts";
import { parseInput } from "../parse-input.ts";
import { createUser, createUserInputSchema } from "../users/create-user.ts";
import { disableUser, enableUser } from "../users/disable-user.ts";
import { listUsers } from "../users/list-users.ts";
import { resetPassword } from "../users/reset-password.ts";
import type { ServiceContext } from "../context.ts";
import { auditedCommand } from "./audited-command.ts";
import { type CommandLine, parseCommandLine, USAGE, UsageError } from "./command-line.ts";

async function run(): Promise<unknown> {
  const { command, args, options } = parseCommandLine(process.argv.slice(2));
  if (command === "db migrate") return { applied: await migrate(databaseUrl()) };
  const ctx = await openServiceContext();
  try {
    return await auditedCommand(ctx, command, () => runCommand(ctx, command, args, options));
  } finally {
    await ctx.audit.flush();
    await ctx.db.$disconnect();
  }
}

async function runCommand(
  ctx: ServiceContext,
  command: string,
  args: CommandLine["args"],
  options: CommandLine["options"],
): Promise<unknown> {
  switch (command) {
    case "projects create":
      return await createProject(ctx, parseInput(connectionNameSchema, options.name, ["name"]));
    case "access-keys create": {
      const key = await createAccessKey(ctx, options.project!, options.name);
      return { key: key.key, id: key.id, project_id: key.project_id };
    }
    case "access-keys list":
      return await listAccessKeys(ctx, options.project);
    case "access-keys revoke":
      return await revokeAccessKey(ctx, args.ACCESS_KEY_ID!);
    case "users create":
      return await createUser(
        ctx,
        parseInput(createUserInputSchema, {
          email: options.email,
          password: options.password,
          name: options.name,
          project_id: options.project,
        }),
      );
    case "users list":
      return await listUsers(ctx);
    case "users disable":
      return await disableUser(ctx, args.EMAIL_OR_ID!);
    case "users enable":
      return await enableUser(ctx, args.EMAIL_OR_ID!);
    case "users reset-password":
      return await resetPassword(ctx, args.EMAIL_OR_ID!, options.password);
    case "sessions end":
      return await endSessions(ctx, options.user!);
    case "db seed":
      return await seedDemo(ctx, resolve(options["credentials-file"] ?? join(projectRoot(), "data", "demo-credentials.txt")));
    case "encryption rotate":
      return await rotateSecrets(ctx);
    default:
      throw new UsageError(`unknown command: ${command}`);
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
