import type { ServiceContext } from "../context.ts";
import { hashPassword, verifyPassword } from "../auth/password-hash.ts";
import { mintAccessKeyFromSeed } from "../auth/access-key-format.ts";

const DEMO_EMAIL = "demo@connections.local";
const DEMO_PROJECT_ID = "prj_demo";
const DEMO_USER_ID = "usr_demo";

/**
 * Idempotent demo user, project and access key. The demo password and key are derived from the
 * master key, so every start can print them again while the database stores only their hashes.
 */
export async function seedDemo(ctx: ServiceContext) {
  const password = ctx.keyring.derive("demo-password").toString("base64url").slice(0, 20);
  const accessKey = mintAccessKeyFromSeed(ctx.keyring.derive("demo-access-key"));
  await ctx.db.project.upsert({ where: { id: DEMO_PROJECT_ID }, create: { id: DEMO_PROJECT_ID, name: "Demo" }, update: {} });
  const user = await ctx.db.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (!user) {
    await ctx.db.user.create({
      data: {
        id: DEMO_USER_ID,
        email: DEMO_EMAIL,
        name: "Demo",
        passwordHash: await hashPassword(password),
        memberships: { create: { projectId: DEMO_PROJECT_ID, role: "owner" } },
      },
    });
  }
  await ctx.db.accessKey.upsert({
    where: { id: accessKey.id },
    create: { id: accessKey.id, projectId: DEMO_PROJECT_ID, name: "demo", secretHash: accessKey.secretHash },
    update: { secretHash: accessKey.secretHash, revokedAt: null },
  });
  return {
    // null once the demo password was changed (or the master key rotated): it can't be shown then.
    user: { email: DEMO_EMAIL, password: !user || (await verifyPassword(password, user.passwordHash)) ? password : null },
    project: { id: DEMO_PROJECT_ID, name: "Demo" },
    access_key: accessKey.key,
  };
}
