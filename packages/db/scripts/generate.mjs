// `prisma generate` for both providers. The CLI insists on a schema-engine binary path even
// though generating needs no engine, so point it at /bin/true instead of letting it download one.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childEnv } from "./env.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync("pnpm", ["exec", "prisma", "generate", "--schema", `${root}prisma/${provider}`], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "inherit", "inherit"],
    env: childEnv({ PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" }),
  });
}
