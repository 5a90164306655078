import { z } from "zod";
import { AppError } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { hashPassword } from "../auth/password-hash.ts";
import { newId } from "../ids.ts";
import { isUniqueViolation } from "../prisma-errors.ts";

export const createUserInputSchema = z.strictObject({
  email: z
    .email("must be an email address")
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(8, "must be at least 8 characters").max(1024),
  name: z.string().trim().min(1).max(100).optional(),
  project_id: z.string().optional(),
});

export type NewUser = z.output<typeof createUserInputSchema>;

export async function createUser(ctx: ServiceContext, input: NewUser) {
  const { email, password, name, project_id } = input;
  if (project_id && !(await ctx.db.project.findUnique({ where: { id: project_id } }))) {
    throw AppError.notFound(`project ${project_id}`);
  }
  try {
    const user = await ctx.db.user.create({
      data: {
        id: newId("usr"),
        email,
        name: name ?? null,
        passwordHash: await hashPassword(password),
        ...(project_id ? { memberships: { create: { projectId: project_id, role: "owner" } } } : {}),
      },
    });
    return { id: user.id, email: user.email, project_ids: project_id ? [project_id] : [] };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `a user with email ${email} already exists`);
    throw error;
  }
}
