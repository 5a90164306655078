import { inject } from "vitest";
import { createPrismaClient, Keyring, parseMasterKey, type Database } from "@connections/db";
import { tunnelEnv } from "@connections/tunnel";
import { apiEnv, createAccessKey, createProject, type ServiceContext, serviceContextOf } from "@connections/api";
import "./api-target.ts";
import { RAISED_CALL_LIMITS } from "./raised-call-limits.ts";

export const target = () => inject("api");

let context: ServiceContext | undefined;

/** Direct database access for the tests, on the same database the server uses. */
export function services(): ServiceContext {
  const { databaseUrl, encryptionKey } = target();
  context ??= serviceContextOf({
    db: createPrismaClient(databaseUrl),
    keyring: new Keyring(parseMasterKey(encryptionKey, "test key")),
    settings: { api: apiEnv(RAISED_CALL_LIMITS), tunnel: tunnelEnv({}) },
  });
  return context;
}

export function db(): Database {
  return services().db;
}

export interface Tenant {
  projectId: string;
  key: string;
}

/** A fresh project with its own access key, so test files never see each other's data. */
export async function newTenant(name = "test"): Promise<Tenant> {
  const project = await createProject(services(), name);
  const key = await createAccessKey(services(), project.id);
  return { projectId: project.id, key: key.key };
}

/** Every stored column of a project's connections, to prove a failed request wrote nothing. */
export async function projectSnapshot(projectId: string): Promise<string> {
  const rows = await db().connection.findMany({ where: { projectId }, orderBy: { id: "asc" } });
  return JSON.stringify(rows);
}
