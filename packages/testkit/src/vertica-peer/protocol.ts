// Wire constants of the Vertica frontend/backend protocol, as vertica-nodejs 1.1.4 (and its
// v-protocol 1.1.1 serializer/parser) uses them. Kept in one place so each message builder and
// reader names a constant instead of a magic number.

/** Special first int32 of an untyped startup-phase packet (after the length). */
export const SSL_REQUEST_CODE = 80877103; // 1234 << 16 | 5679
export const CANCEL_REQUEST_CODE = 80877102; // 1234 << 16 | 5678
/** The client always sends 3.5 here; the version it really wants is the `protocol_version` key. */
export const FIXED_STARTUP_VERSION = (3 << 16) | 5;
/** Oldest and newest protocol versions this peer agrees to (vertica-nodejs asks for 3.16). */
export const MIN_PROTOCOL_VERSION = (3 << 16) | 5;
export const MAX_PROTOCOL_VERSION = (3 << 16) | 16;

/** Frontend message type bytes (after startup). */
export const Frontend = {
  Password: 0x70, // 'p'
  Query: 0x51, // 'Q'
  Parse: 0x50, // 'P'
  Bind: 0x42, // 'B'
  Describe: 0x44, // 'D'
  Execute: 0x45, // 'E'
  Close: 0x43, // 'C'
  Flush: 0x48, // 'H'
  Sync: 0x53, // 'S'
  Terminate: 0x58, // 'X'
  CopyFail: 0x66, // 'f'
} as const;

/** Backend message type bytes. */
export const Backend = {
  Authentication: 0x52, // 'R'
  ParameterStatus: 0x53, // 'S'
  BackendKeyData: 0x4b, // 'K'
  ReadyForQuery: 0x5a, // 'Z'
  RowDescription: 0x54, // 'T'
  DataRow: 0x44, // 'D'
  CommandComplete: 0x43, // 'C'
  EmptyQuery: 0x49, // 'I'
  ErrorResponse: 0x45, // 'E'
  NoticeResponse: 0x4e, // 'N'
  ParseComplete: 0x31, // '1'
  BindComplete: 0x32, // '2'
  CloseComplete: 0x33, // '3'
  ParameterDescription: 0x74, // 't'
  NoData: 0x6e, // 'n'
  CommandDescription: 0x6d, // 'm' — Vertica only: sent after the Describe of a statement
} as const;

/** Authentication request codes the client understands (v-protocol parser.js). */
export const AuthCode = {
  Ok: 0,
  Cleartext: 3,
  MD5: 5,
  HashSHA512: 65536 + 512,
} as const;

/** Vertica type OIDs (v-protocol vertica-types.js). vertica-nodejs maps them onto pg-types parsers. */
export const VerticaType = {
  Boolean: 5,
  Integer: 6,
  Float: 7,
  Char: 8,
  Varchar: 9,
  Date: 10,
  Time: 11,
  Timestamp: 12,
  TimestampTz: 13,
  Numeric: 16,
  Varbinary: 17,
  LongVarchar: 115,
} as const;
export type VerticaTypeOid = (typeof VerticaType)[keyof typeof VerticaType];

/** Fixed byte sizes Vertica reports in RowDescription; -1 means variable length. */
export function typeSize(oid: number): number {
  switch (oid) {
    case VerticaType.Boolean:
      return 1;
    case VerticaType.Integer:
    case VerticaType.Float:
    case VerticaType.Date:
    case VerticaType.Time:
    case VerticaType.Timestamp:
    case VerticaType.TimestampTz:
      return 8;
    default:
      return -1;
  }
}
