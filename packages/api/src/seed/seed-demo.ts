import { randomBytes } from "node:crypto";
import type { ServiceContext } from "../context.ts";
import { mintAccessKey } from "../auth/access-key-format.ts";
import { hashPassword } from "../auth/password-hash.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { writeDemoCredentials } from "./write-demo-credentials.ts";

const DEMO_EMAIL = "demo@connections.local";
const DEMO_PROJECT = { id: "prj_demo", name: "Demo" };
const DEMO_USER_ID = "usr_demo";
const DEMO_KEY_NAME = "demo";
/** Set once the demo was seeded: from then on seeding does nothing, whatever operators changed. */
const SEEDED_SETTING = "demo.seeded";

/**
 * Creates the demo project, user and access key once. Their password and key go to a 0600 file,
 * never to the output; later runs change nothing, so a revoked demo key, a disabled demo user or
 * a changed password stays as the operator left it. Demo rows from before this mark existed are
 * kept as they are.
 */
export async function seedDemo(ctx: ServiceContext, credentialsFile: string) {
  if (await ctx.db.setting.findUnique({ where: { key: SEEDED_SETTING } })) return alreadySeeded();
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  const key = mintAccessKey();
  try {
    return await ctx.db.$transaction(async (tx) => {
      // First write, so a second instance seeding at the same time stops at the unique key.
      await tx.setting.create({ data: { key: SEEDED_SETTING, value: new Date().toISOString() } });
      await tx.project.upsert({ where: { id: DEMO_PROJECT.id }, create: DEMO_PROJECT, update: {} });
      const userCreated = !(await tx.user.findUnique({ where: { email: DEMO_EMAIL } }));
      if (userCreated) {
        await tx.user.create({
          data: {
            id: DEMO_USER_ID,
            email: DEMO_EMAIL,
            name: "Demo",
            passwordHash,
            memberships: { create: { projectId: DEMO_PROJECT.id, role: "owner" } },
          },
        });
      }
      const keyCreated = !(await tx.accessKey.findFirst({ where: { projectId: DEMO_PROJECT.id, name: DEMO_KEY_NAME } }));
      if (keyCreated) {
        await tx.accessKey.create({ data: { id: key.id, projectId: DEMO_PROJECT.id, name: DEMO_KEY_NAME, secretHash: key.secretHash } });
      }
      // Inside the transaction: if the file cannot be written, nothing is seeded and the next run retries.
      if (userCreated || keyCreated) {
        writeDemoCredentials(credentialsFile, {
          email: DEMO_EMAIL,
          password: userCreated ? password : null,
          projectId: DEMO_PROJECT.id,
          accessKey: keyCreated ? key.key : null,
        });
      }
      return {
        seeded: true,
        project: DEMO_PROJECT,
        user: { email: DEMO_EMAIL, created: userCreated },
        access_key: { id: keyCreated ? key.id : null, created: keyCreated },
        credentials_file: userCreated || keyCreated ? credentialsFile : null,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return alreadySeeded();
    throw error;
  }
}

function alreadySeeded() {
  return { seeded: false, project: DEMO_PROJECT, user: { email: DEMO_EMAIL }, credentials_file: null };
}
