import type { ServiceContext } from "../context.ts";
import { newId } from "../ids.ts";

/** `name` as connectionNameSchema outputs it (trimmed, visible text), parsed by the adapter. */
export async function createProject(ctx: ServiceContext, name: string) {
  const project = await ctx.db.project.create({ data: { id: newId("prj"), name } });
  return { id: project.id, name: project.name };
}
