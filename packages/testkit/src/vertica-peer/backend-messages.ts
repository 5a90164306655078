// Builders for the backend messages this peer sends. Each returns one complete framed message
// (type byte + int32 length that counts itself + body). Layouts follow what v-protocol 1.1.1's
// parser reads, which differs from PostgreSQL in RowDescription, ParameterDescription,
// the password challenges and the extra CommandDescription message.
import { AuthCode, Backend, typeSize } from "./protocol.ts";

/** Tiny append-only byte builder; avoids a dependency for five primitive writers. */
class Body {
  private parts: Buffer[] = [];
  int8(n: number): this {
    this.parts.push(Buffer.from([n & 0xff]));
    return this;
  }
  int16(n: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(n);
    this.parts.push(b);
    return this;
  }
  int32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    this.parts.push(b);
    return this;
  }
  uint64(n: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(n);
    this.parts.push(b);
    return this;
  }
  cstring(s: string): this {
    this.parts.push(Buffer.from(s, "utf8"), Buffer.from([0]));
    return this;
  }
  bytes(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  frame(type: number): Buffer {
    const body = Buffer.concat(this.parts);
    const head = Buffer.alloc(5);
    head[0] = type;
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  }
}

const empty = (type: number): Buffer => new Body().frame(type);

export const authenticationOk = (): Buffer => new Body().int32(AuthCode.Ok).frame(Backend.Authentication);

/** The client only accepts code 3 when the message length is exactly 8 (parser.js). */
export const authenticationCleartext = (): Buffer => new Body().int32(AuthCode.Cleartext).frame(Backend.Authentication);

/**
 * MD5 and SHA512 challenges share Vertica's 32-byte layout: code, 4-byte salt, int32 user-salt
 * length (always 16), 16-byte user salt. vertica-nodejs ignores an MD5 request of PostgreSQL's
 * 12-byte length, so the padding is not optional.
 */
export const authenticationHashed = (code: number, salt: Buffer, userSalt: Buffer): Buffer =>
  new Body().int32(code).bytes(salt).int32(userSalt.length).bytes(userSalt).frame(Backend.Authentication);

export const parameterStatus = (name: string, value: string): Buffer =>
  new Body().cstring(name).cstring(value).frame(Backend.ParameterStatus);

export const backendKeyData = (processId: number, secretKey: number): Buffer =>
  new Body().int32(processId).int32(secretKey).frame(Backend.BackendKeyData);

/** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
export const readyForQuery = (status: "I" | "T" | "E"): Buffer =>
  new Body().bytes(Buffer.from(status, "latin1")).frame(Backend.ReadyForQuery);

export interface ColumnDescription {
  name: string;
  typeOid: number;
  /** Non-zero only when the column comes straight from a table (Vertica then adds schema/table). */
  tableOid?: bigint;
  schemaName?: string;
  tableName?: string;
  attributeNumber?: number;
  nullable?: boolean;
  identity?: boolean;
}

/**
 * Vertica's RowDescription: int16 count, then (only if count > 0) an int32 count of non-native
 * types (we never use that pool), then per field: name, uint64 table OID, [schema, table when the
 * OID is non-zero], int16 attribute number, byte "non-native", int32 type OID, int16 size,
 * int16 nullable, int16 identity, int32 type modifier, int16 format (0 = text).
 */
export function rowDescription(columns: ColumnDescription[]): Buffer {
  const body = new Body().int16(columns.length);
  if (columns.length === 0) return body.frame(Backend.RowDescription);
  body.int32(0);
  for (const c of columns) {
    const tableOid = c.tableOid ?? 0n;
    body.cstring(c.name).uint64(tableOid);
    if (tableOid !== 0n) body.cstring(c.schemaName ?? "public").cstring(c.tableName ?? "");
    body
      .int16(c.attributeNumber ?? 0)
      .int8(0)
      .int32(c.typeOid)
      .int16(typeSize(c.typeOid))
      .int16(c.nullable === false ? 0 : 1)
      .int16(c.identity ? 1 : 0)
      .int32(-1)
      .int16(0);
  }
  return body.frame(Backend.RowDescription);
}

/**
 * Vertica's ParameterDescription: int16 count, then (if count > 0) int32 non-native type count,
 * then per parameter: byte non-native, int32 type OID, int32 type modifier, int16 has-not-null.
 * vertica-nodejs copies these OIDs into its Bind message, so they must be real Vertica OIDs.
 */
export function parameterDescription(typeOids: number[]): Buffer {
  const body = new Body().int16(typeOids.length);
  if (typeOids.length === 0) return body.frame(Backend.ParameterDescription);
  body.int32(0);
  for (const oid of typeOids) body.int8(0).int32(oid).int32(-1).int16(0);
  return body.frame(Backend.ParameterDescription);
}

/** Text-format values; null becomes length -1. */
export function dataRow(values: (string | null)[]): Buffer {
  const body = new Body().int16(values.length);
  for (const v of values) {
    if (v === null) body.int32(-1);
    else {
      const bytes = Buffer.from(v, "utf8");
      body.int32(bytes.length).bytes(bytes);
    }
  }
  return body.frame(Backend.DataRow);
}

/** Vertica tags carry no row count ("SELECT", "INSERT"); result.js tolerates both forms. */
export const commandComplete = (tag: string): Buffer => new Body().cstring(tag).frame(Backend.CommandComplete);

/**
 * Vertica-only reply to Describe(statement), after RowDescription/NoData: the command tag, whether
 * the server rewrote the statement into a COPY, and that rewritten text.
 */
export const commandDescription = (tag: string): Buffer => new Body().cstring(tag).int16(0).cstring("").frame(Backend.CommandDescription);

export interface ErrorFields {
  severity: "ERROR" | "FATAL" | "PANIC";
  sqlState: string;
  message: string;
  /** Vertica's own numeric error code, sent in field 'V'. */
  verticaCode?: number;
  detail?: string;
  hint?: string;
  routine?: string;
}

/** Same field layout as PostgreSQL plus Vertica's 'V' (error code) field. */
export function errorResponse(fields: ErrorFields): Buffer {
  const body = new Body();
  const add = (code: string, value: string | undefined) => {
    if (value !== undefined) body.bytes(Buffer.from(code, "latin1")).cstring(value);
  };
  add("S", fields.severity);
  add("C", fields.sqlState);
  add("M", fields.message);
  add("D", fields.detail);
  add("H", fields.hint);
  add("R", fields.routine);
  add("V", fields.verticaCode === undefined ? undefined : String(fields.verticaCode));
  return body.int8(0).frame(Backend.ErrorResponse);
}

export const parseComplete = (): Buffer => empty(Backend.ParseComplete);
export const bindComplete = (): Buffer => empty(Backend.BindComplete);
export const closeComplete = (): Buffer => empty(Backend.CloseComplete);
export const noData = (): Buffer => empty(Backend.NoData);
export const emptyQueryResponse = (): Buffer => empty(Backend.EmptyQuery);
