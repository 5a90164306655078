import { parseArgs } from "node:util";

/** A mistake in how the CLI was called: printed with the usage, exit code 2, nothing changed. */
export class UsageError extends Error {}

const OPTIONS = {
  name: { type: "string" },
  project: { type: "string" },
  email: { type: "string" },
  password: { type: "string" },
  user: { type: "string" },
  "credentials-file": { type: "string" },
} as const;

type Option = keyof typeof OPTIONS;

interface CommandShape {
  /** Positional arguments after the command words, by name. */
  args?: readonly string[];
  required?: readonly Option[];
  optional?: readonly Option[];
}

// Which arguments and options each command takes; anything else is a usage error naming it.
const COMMANDS: Record<string, CommandShape> = {
  "projects create": { required: ["name"] },
  "access-keys create": { required: ["project"], optional: ["name"] },
  "access-keys list": { optional: ["project"] },
  "access-keys revoke": { args: ["ACCESS_KEY_ID"] },
  "users create": { required: ["email", "password"], optional: ["name", "project"] },
  "users list": {},
  "users disable": { args: ["EMAIL_OR_ID"] },
  "users enable": { args: ["EMAIL_OR_ID"] },
  "users reset-password": { args: ["EMAIL_OR_ID"], optional: ["password"] },
  "sessions end": { required: ["user"] },
  "db migrate": {},
  "db seed": { optional: ["credentials-file"] },
  "encryption rotate": {},
};

export const USAGE = `usage: cli <command> [options]
  projects create --name NAME
  access-keys create --project PROJECT_ID [--name NAME]   prints the key, the only time it is shown
  access-keys list [--project PROJECT_ID]                 ids, projects, names, dates; never a secret
  access-keys revoke ACCESS_KEY_ID                        refused from the next request on
  users create --email EMAIL --password PASSWORD [--name NAME] [--project PROJECT_ID]
  users list
  users disable EMAIL_OR_ID                               refuses sign-in and ends their sessions
  users enable EMAIL_OR_ID
  users reset-password EMAIL_OR_ID [--password PASSWORD]  generates one (shown once) when not given;
                                                          ends their sessions
  sessions end --user EMAIL_OR_ID                         signs the user out everywhere
  db migrate
  db seed [--credentials-file PATH]                       the demo, once (default data/demo-credentials.txt)
  encryption rotate          re-encrypt every secret with CONNECTIONS_ENCRYPTION_KEY
                             (the old key must be in CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS)`;

export interface CommandLine {
  command: string;
  args: Record<string, string>;
  options: Partial<Record<Option, string>>;
}

/** The command, its named arguments and its options, checked against what the command takes. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { positionals, values } = parseOrExplain(argv);
  const command = positionals.slice(0, 2).join(" ");
  const shape = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!shape) throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  const names = shape.args ?? [];
  const given = positionals.slice(2);
  if (given.length < names.length) throw new UsageError(`${command} needs ${names.slice(given.length).join(" ")}`);
  if (given.length > names.length)
    throw new UsageError(
      `${command} takes ${names.length ? `only ${names.join(" ")}` : "no arguments"}, not ${given.slice(names.length).join(" ")}`,
    );
  const allowed = new Set<string>([...(shape.required ?? []), ...(shape.optional ?? [])]);
  for (const option of Object.keys(values)) {
    if (!allowed.has(option)) throw new UsageError(`--${option} does not apply to ${command}`);
  }
  for (const option of shape.required ?? []) {
    if (!values[option]) throw new UsageError(`--${option} is required`);
  }
  for (const [option, value] of Object.entries(values)) {
    if (value === "") throw new UsageError(`--${option} needs a value`);
  }
  return { command, args: Object.fromEntries(names.map((name, i) => [name, given[i]!])), options: values };
}

// node:util's messages suggest `--` tricks; name the option and what to change instead.
function parseOrExplain(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? "an option";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option: ${option}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${option} needs a value`);
    throw error;
  }
}
