/** A valid create body, to be broken one field at a time by the validation tests. */
export function validPostgresBody(projectId: string, privateKey: string) {
  return {
    name: "warehouse",
    project_id: projectId,
    type: "dynamiq.connections.PostgreSQL",
    config: {
      host: "10.0.12.34",
      port: 5432,
      database: "analytics",
      user: "reader",
      password: "validation-db-password",
      ssh_tunnel: { host: "bastion.example.com", port: 22, user: "dynamiq", private_key: privateKey },
    },
  };
}

type Json = Record<string, any>;

/** A deep copy with one dotted path set (or removed with `undefined`). */
export function withPath(body: Json, path: string, value: unknown): Json {
  const copy = structuredClone(body);
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce((node, key) => node[key], copy);
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}
