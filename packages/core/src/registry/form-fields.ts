import type { ConnectionTypeRegistry } from "./connection-type-registry.ts";
import type { AnyConnectionTypeDefinition } from "./define-connection-type.ts";
import { defaultPortFor, type FieldSpec } from "./field-spec.ts";

// What the connection form and the chat connect modal render, derived from a registry: both
// forms call these, so a new type needs no markup of its own.

type Json = Record<string, unknown>;

/** The type select's choices: [type, label], in the registry's order. */
export function connectionTypeOptions<D extends AnyConnectionTypeDefinition>(
  registry: ConnectionTypeRegistry<D>,
): Array<readonly [D["type"], string]> {
  return registry.definitions.map((definition) => [definition.type, definition.label] as const);
}

/** A type's database fields in form order. */
export function databaseFieldsOf<D extends AnyConnectionTypeDefinition>(registry: ConnectionTypeRegistry<D>, type: D["type"]): FieldSpec[] {
  return [...registry.byType[type].fields].sort((a, b) => a.order - b.order);
}

/** Fields in rows: consecutive fields of one group share a row; a field without a group is alone. */
export function fieldRows(fields: readonly FieldSpec[]): FieldSpec[][] {
  const rows: FieldSpec[][] = [];
  for (const field of fields) {
    const last = rows.at(-1);
    if (last && field.group !== undefined && last[0]!.group === field.group) last.push(field);
    else rows.push([field]);
  }
  return rows;
}

/** The value at a dotted path of a config (or of form values). */
export function valueAtPath(root: Json, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? (node as Json)[key] : undefined), root);
}

/** Whether a field is on screen, given the value of the field it depends on (see FieldSpec.shownWhen). */
export function isFieldShown(field: FieldSpec, dependsOn: unknown): boolean {
  const when = field.shownWhen;
  if (!when) return true;
  if (when.equals !== undefined) return dependsOn === when.equals;
  return dependsOn !== undefined && dependsOn !== null && dependsOn !== "" && dependsOn !== false;
}

/** The port placeholder: the default port for the TLS setting on screen. */
export function portPlaceholder(definition: AnyConnectionTypeDefinition, config: Json): string {
  return String(defaultPortFor(definition.defaultPort, definition.tls, config));
}

/** Whether the field holds a secret of its type (write-only: never shown again). */
export function isSecretField(definition: AnyConnectionTypeDefinition, field: FieldSpec): boolean {
  return definition.secretPaths.includes(field.path);
}

function blankValue(field: FieldSpec): unknown {
  if (field.input === "checkbox") return false;
  if (field.input === "select" && field.blank === undefined) return field.options?.[0] ?? "";
  return "";
}

/** Every database field any type shows, blank (a select without a blank choice on its first option). */
export function blankFormConfig(registry: ConnectionTypeRegistry): Json {
  const config: Json = {};
  for (const definition of registry.definitions) {
    for (const field of definition.fields) {
      const keys = field.path.split(".");
      let node = config;
      for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Json;
      node[keys.at(-1)!] ??= blankValue(field);
    }
  }
  return config;
}
