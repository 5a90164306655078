import type { TestProject } from "vitest/node";
import { startApiTarget } from "./start-api-target.ts";

export default (project: TestProject) => startApiTarget(project, "sqlite");
