import { CONNECTION_TYPE_REGISTRY, databaseFieldsOf, type ConnectionType, type FieldSpec } from "@connections/core";

/**
 * The connect modal's database fields of a type, from its registry field spec: all but PEM
 * certificates, which a quick connection through Chat goes without (the connection form has them).
 */
export function modalFieldsOf(type: ConnectionType): FieldSpec[] {
  return databaseFieldsOf(CONNECTION_TYPE_REGISTRY, type).filter((field) => field.input !== "pem");
}

/**
 * Where the input is registered in the request body: a field inside a block (`ssl.mode`) is
 * registered as its block, so a blank one leaves the whole block out.
 */
export function registeredPath(field: Pick<FieldSpec, "path">): string {
  return `config.${field.path.split(".")[0]}`;
}

/** An input's value as the shared schema expects it: blank optional text left out, a port as a number. */
function inputValue(field: Pick<FieldSpec, "input" | "optional">, raw: unknown): unknown {
  if (field.input === "checkbox") return raw;
  const text = typeof raw === "string" ? raw : "";
  if (text === "" && field.optional) return undefined;
  return field.input === "port" && text !== "" ? Number(text) : text;
}

/** Turns an input's text into the value the shared schema expects (wrapped in its block, if any). */
export function valueOf(field: Pick<FieldSpec, "input" | "optional"> & { path?: string }, raw: unknown): unknown {
  const value = inputValue(field, raw);
  if (value === undefined || field.path === undefined) return value;
  return field.path
    .split(".")
    .slice(1)
    .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}
