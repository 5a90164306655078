import { z } from "zod";
import {
  auditListSchema,
  tunnelListSchema,
  CONNECTION_TYPE_REGISTRY,
  connectionInputSchemas,
  connectionOutputSchemas,
  diagnosisSchema,
  ERROR_CODES,
  hopSchema,
  queryInputSchema,
  queryResultSchema,
  type ConnectionTypeRegistry,
} from "@connections/core";

const toSchema = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" });

const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [string, ...string[]]),
    message: z.string(),
    details: z
      .union([
        z
          .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
          .describe("VALIDATION_FAILED and SECRETS_REQUIRED: one entry per field to fix"),
        z
          .object({ stage: z.string(), hop: hopSchema.optional(), code: z.string(), hint: z.string() })
          .describe("Database calls: the stage that failed, and through jump hosts which SSH server"),
      ])
      .optional(),
  }),
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const errors = Object.fromEntries(
  [
    ["400", "Malformed JSON"],
    ["401", "Missing or invalid access key"],
    ["404", "Not found, or outside the access key's projects"],
    ["413", "Body larger than 1 MiB"],
    ["422", "Invalid field values; details name each field"],
  ].map(([status, description]) => [status, { description, ...json(ref("Error")) }]),
);
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };

/** OpenAPI 3.1 for the management API, generated from the same zod schemas the server uses (those of `registry`'s types). */
export function openApiDocument(serverUrl: string, registry: ConnectionTypeRegistry = CONNECTION_TYPE_REGISTRY) {
  const input = connectionInputSchemas(registry);
  const output = connectionOutputSchemas(registry);
  return {
    openapi: "3.1.0",
    info: { title: "Connections management API", version: "1.0.0" },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An access key: cnk_…" } },
      schemas: {
        CreateConnectionRequest: toSchema(input.create, "input"),
        UpdateConnectionRequest: toSchema(input.update, "input"),
        Connection: toSchema(output.connection, "output"),
        ConnectionList: toSchema(output.list, "output"),
        TestUnsavedConnectionRequest: toSchema(input.testUnsaved, "input"),
        Diagnosis: toSchema(diagnosisSchema, "output"),
        QueryRequest: toSchema(queryInputSchema, "input"),
        QueryResult: toSchema(queryResultSchema, "output"),
        Error: toSchema(errorSchema, "output"),
        AuditList: toSchema(auditListSchema, "output"),
        TunnelList: toSchema(tunnelListSchema, "output"),
      },
    },
    paths: {
      "/v1/connections": {
        get: {
          summary: "List connections",
          parameters: [
            { name: "project_id", in: "query", schema: { type: "string" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            { name: "cursor", in: "query", schema: { type: "string" }, description: "next_cursor of the previous page" },
          ],
          responses: { "200": { description: "A page of connections", ...json(ref("ConnectionList")) }, ...errors },
        },
        post: {
          summary: "Create a connection (active immediately)",
          requestBody: { required: true, ...json(ref("CreateConnectionRequest")) },
          responses: {
            "201": { description: "Created", ...json({ type: "object", properties: { data: ref("Connection") } }) },
            "409": { description: "Name already used in the project", ...json(ref("Error")) },
            ...errors,
          },
        },
      },
      "/v1/connections/{id}": {
        parameters: [idParameter],
        get: {
          summary: "Get a connection",
          responses: {
            "200": { description: "The connection", ...json({ type: "object", properties: { data: ref("Connection") } }) },
            ...errors,
          },
        },
        put: {
          summary: "Replace a connection's config; omitted secrets keep their stored value, null clears them",
          description:
            "A change of where the connection points (host, port, TLS settings, the SSH bastion, adding or removing a tunnel) needs the database secrets again: " +
            "without them the answer is 422 SECRETS_REQUIRED, one SECRET_REQUIRED detail per secret. The tunnel's private key need not be given again. " +
            "An omitted ssh_tunnel.host_key_fingerprint keeps the pinned key; null clears it.",
          requestBody: { required: true, ...json(ref("UpdateConnectionRequest")) },
          responses: {
            "200": { description: "Updated", ...json({ type: "object", properties: { data: ref("Connection") } }) },
            ...errors,
            "422": {
              description:
                "Invalid field values (VALIDATION_FAILED), or a new destination without its secrets (SECRETS_REQUIRED); details name each field",
              ...json(ref("Error")),
            },
          },
        },
        delete: { summary: "Delete a connection", responses: { "204": { description: "Deleted" }, ...errors } },
      },
      "/v1/connections/test": {
        post: {
          summary: "Diagnose an unsaved connection stage by stage (nothing is stored)",
          requestBody: { required: true, ...json(ref("TestUnsavedConnectionRequest")) },
          responses: {
            "200": {
              description: "The diagnosis; a failed one is still a 200 with ok: false",
              ...json({ type: "object", properties: { data: ref("Diagnosis") } }),
            },
            ...errors,
          },
        },
      },
      "/v1/connections/{id}/test": {
        parameters: [idParameter],
        post: {
          summary: "Diagnose a connection stage by stage; the first success pins the bastion's host key",
          responses: {
            "200": {
              description: "The diagnosis; a failed one is still a 200 with ok: false",
              ...json({ type: "object", properties: { data: ref("Diagnosis") } }),
            },
            ...errors,
          },
        },
      },
      "/v1/connections/{id}/query": {
        parameters: [idParameter],
        post: {
          summary: "Run one SQL statement (the SQL Executor)",
          description:
            'At most max_rows rows and max_bytes bytes of JSON (the whole answer). A result over either is cut at a row boundary with truncated: true and truncated_by "rows" or "bytes" (absent when nothing was cut). A first row too large alone keeps its largest values cut to fit, each listed in truncated_values. With Accept: text/csv the rows stream as RFC 4180 CSV (header line first, CRLF; a cell is the JSON value as text, null empty) within the same limits, measured as for JSON; a result the limits would cut ends the transfer with an error instead, and a failure before the first row is the usual JSON error.',
          requestBody: { required: true, ...json(ref("QueryRequest")) },
          responses: {
            "200": {
              description: "Columns and rows",
              content: {
                "application/json": { schema: { type: "object", properties: { data: ref("QueryResult") } } },
                "text/csv": { schema: { type: "string" } },
              },
            },
            "403": {
              description: "READ_ONLY_VIOLATION: the connection is read-only and the statement would change data",
              ...json(ref("Error")),
            },
            "502": { description: "The database or bastion could not be reached; details name the stage", ...json(ref("Error")) },
            "504": { description: "The query exceeded timeout_ms", ...json(ref("Error")) },
            ...errors,
          },
        },
      },
      "/v1/audit": {
        get: {
          summary: "The audit log of a project, or of the caller, newest first",
          description:
            "One row per call that changed something or reached a database: who (user, access key or admin CLI operator), what, which connection, when, outcome and code, duration, rows and bytes of a query, the client address, and a query's SQL text (never its parameters). Without project_id, the caller's own rows.",
          parameters: [
            {
              name: "project_id",
              in: "query",
              schema: { type: "string" },
              description: "A project's rows; without it, the caller's own",
            },
            { name: "connection_id", in: "query", schema: { type: "string" } },
            { name: "outcome", in: "query", schema: { type: "string", enum: ["ok", "error"] } },
            { name: "actor_id", in: "query", schema: { type: "string" }, description: "A user, access key, operator or typed email" },
            { name: "since", in: "query", schema: { type: "string", format: "date-time" }, description: "Rows at or after" },
            { name: "until", in: "query", schema: { type: "string", format: "date-time" }, description: "Rows before" },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            { name: "cursor", in: "query", schema: { type: "string" }, description: "next_cursor of the previous page" },
          ],
          responses: { "200": { description: "A page of audit rows", ...json(ref("AuditList")) }, ...errors },
        },
      },
      "/v1/tunnels": {
        get: {
          summary: "The health of a project's tunnels",
          description:
            "Each pooled SSH connection the project's connections use (to a bastion, and to each jump host on the way) and each agent connected for a reverse tunnel: state and since when, channels in use and the limit, the last keepalive's round trip, reconnects and the last error. A bastion that shows another host key than the one pinned has host_key_mismatch with both fingerprints. A connection appears once a query has gone through it; tests always connect afresh.",
          parameters: [{ name: "project_id", in: "query", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "The project's tunnels, failed and lost ones first", ...json(ref("TunnelList")) }, ...errors },
        },
      },
    },
  };
}
