import { AppError, connectionNameSchema } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { newId } from "../ids.ts";

export async function createProject(ctx: ServiceContext, name: string) {
  const parsed = connectionNameSchema.safeParse(name);
  if (!parsed.success) throw AppError.fromZod(parsed.error, ["name"]);
  const project = await ctx.db.project.create({ data: { id: newId("prj"), name: parsed.data } });
  return { id: project.id, name: project.name };
}
