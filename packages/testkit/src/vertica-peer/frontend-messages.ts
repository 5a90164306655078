// Framing and decoding of what vertica-nodejs sends. Startup-phase packets have no type byte
// (int32 length + body); everything after authentication starts is typed (byte + int32 length).
// Layouts are those of v-protocol 1.1.1's serializer.js.
import { CANCEL_REQUEST_CODE, SSL_REQUEST_CODE } from "./protocol.ts";

/** Reject absurd lengths early: a garbage header must not make us buffer forever. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export class ProtocolViolation extends Error {}

/** Accumulates socket chunks and hands out whole packets. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** Startup-phase packet body (without its length), or null until it has fully arrived. */
  nextUntyped(): Buffer | null {
    if (this.buffer.length < 4) return null;
    const length = this.buffer.readInt32BE(0);
    if (length < 8 || length > MAX_MESSAGE_BYTES) throw new ProtocolViolation(`invalid startup packet length ${length}`);
    if (this.buffer.length < length) return null;
    const body = this.buffer.subarray(4, length);
    this.buffer = this.buffer.subarray(length);
    return body;
  }

  /** Typed message, or null until it has fully arrived. */
  nextTyped(): { type: number; body: Buffer } | null {
    if (this.buffer.length < 5) return null;
    const type = this.buffer[0]!;
    const length = this.buffer.readInt32BE(1);
    if (length < 4 || length > MAX_MESSAGE_BYTES)
      throw new ProtocolViolation(`invalid length ${length} for message '${String.fromCharCode(type)}'`);
    if (this.buffer.length < 1 + length) return null;
    const body = this.buffer.subarray(5, 1 + length);
    this.buffer = this.buffer.subarray(1 + length);
    return { type, body };
  }
}

/** Sequential reader over one message body; throws ProtocolViolation on truncation. */
class Cursor {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new ProtocolViolation("message truncated");
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  byte(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new ProtocolViolation("unterminated string");
    const v = this.buf.toString("utf8", this.offset, end);
    this.offset = end + 1;
    return v;
  }
  get remaining(): number {
    return this.buf.length - this.offset;
  }
}

export type StartupPacket =
  | { kind: "ssl" }
  | { kind: "cancel"; processId: number; secretKey: number }
  | { kind: "startup"; version: number; params: Record<string, string>; protocolVersion: number | undefined };

/**
 * The client writes every key as "name\0value\0" except `protocol_version`, whose value is a raw
 * big-endian int32 followed by "\0" (serializer.js startup()). The value starts with a zero byte,
 * so a PostgreSQL-style C-string parse of it goes wrong; we special-case the key.
 */
export function decodeStartupPacket(body: Buffer): StartupPacket {
  const c = new Cursor(body);
  const code = c.int32();
  if (code === SSL_REQUEST_CODE) return { kind: "ssl" };
  if (code === CANCEL_REQUEST_CODE) return { kind: "cancel", processId: c.int32(), secretKey: c.int32() };
  const params: Record<string, string> = {};
  let protocolVersion: number | undefined;
  while (c.remaining > 0) {
    const key = c.cstring();
    if (key === "") break;
    if (key === "protocol_version") {
      protocolVersion = c.int32();
      if (c.byte() !== 0) throw new ProtocolViolation("protocol_version value not terminated");
    } else {
      params[key] = c.cstring();
    }
  }
  return { kind: "startup", version: code, params, protocolVersion };
}

export const decodePassword = (body: Buffer): string => new Cursor(body).cstring();
export const decodeQuery = (body: Buffer): string => new Cursor(body).cstring();

export interface ParseMessage {
  name: string;
  text: string;
  typeOids: number[];
}
export function decodeParse(body: Buffer): ParseMessage {
  const c = new Cursor(body);
  const name = c.cstring();
  const text = c.cstring();
  const n = c.int16();
  const typeOids = Array.from({ length: n }, () => c.int32());
  return { name, text, typeOids };
}

export interface BindMessage {
  portal: string;
  statement: string;
  typeOids: number[];
  values: (Buffer | null)[];
  binaryParams: boolean;
  binaryResults: boolean;
}
/**
 * Vertica's Bind differs from PostgreSQL's: all parameter format codes come first, then the
 * parameter count, then one int32 type OID per parameter, then the values, then the result
 * format codes (serializer.js bind()).
 */
export function decodeBind(body: Buffer): BindMessage {
  const c = new Cursor(body);
  const portal = c.cstring();
  const statement = c.cstring();
  const formats = Array.from({ length: c.int16() }, () => c.int16());
  const count = c.int16();
  const typeOids = Array.from({ length: count }, () => c.int32());
  const values = Array.from({ length: count }, () => {
    const len = c.int32();
    return len === -1 ? null : Buffer.from(c.bytes(len));
  });
  const resultFormats = Array.from({ length: c.int16() }, () => c.int16());
  return {
    portal,
    statement,
    typeOids,
    values,
    binaryParams: formats.some((f) => f !== 0),
    binaryResults: resultFormats.some((f) => f !== 0),
  };
}

/** Describe and Close share "kind byte + name" ('S' statement, 'P' portal). */
export function decodeTarget(body: Buffer): { kind: "S" | "P"; name: string } {
  const c = new Cursor(body);
  const kind = String.fromCharCode(c.byte());
  if (kind !== "S" && kind !== "P") throw new ProtocolViolation(`invalid describe/close target '${kind}'`);
  return { kind, name: c.cstring() };
}

export function decodeExecute(body: Buffer): { portal: string; maxRows: number } {
  const c = new Cursor(body);
  return { portal: c.cstring(), maxRows: c.int32() };
}
