// One client connection: the protocol state machine (startup → authentication → queries).
// Replies produced while handling one socket chunk are written in a single write, so a pipelined
// request (Parse/Describe/Flush, Bind/Flush, Execute/Flush/Sync) costs one packet back.
import type { Socket } from "node:net";
import { createChallenge, type AuthChallenge, type AuthMethod } from "./auth.ts";
import * as out from "./backend-messages.ts";
import type { ErrorFields } from "./backend-messages.ts";
import {
  decodeBind,
  decodeExecute,
  decodeParse,
  decodePassword,
  decodeQuery,
  decodeStartupPacket,
  decodeTarget,
  FrameReader,
  ProtocolViolation,
} from "./frontend-messages.ts";
import { Frontend, MAX_PROTOCOL_VERSION, MIN_PROTOCOL_VERSION } from "./protocol.ts";
import { engineErrorFields } from "./sql-errors.ts";
import type { ExecResult, PreparedSql, SqlEngine } from "./sql-engine.ts";
import { decodeParameter, type SqlValue } from "./value-codec.ts";

export interface SessionConfig {
  user: string;
  password: string;
  database: string;
  authMethod: AuthMethod;
  serverVersion: string;
  engine: SqlEngine;
  processId: number;
  secretKey: number;
  /** A CancelRequest arrived on this socket; the peer routes it to the target session. */
  onCancelRequest(processId: number, secretKey: number): void;
}

type Phase = "startup" | "auth" | "ready" | "closed";

interface Portal {
  statement: PreparedSql;
  params: SqlValue[];
}

export class Session {
  private phase: Phase = "startup";
  private readonly reader = new FrameReader();
  private pending: Buffer[] = [];
  private challenge: AuthChallenge | undefined;
  private clientUser = "";
  private clientLabel = "";
  private effectiveProtocol = MAX_PROTOCOL_VERSION;
  private readonly statements = new Map<string, PreparedSql>();
  private readonly portals = new Map<string, Portal>();
  /** After an error in the extended protocol the backend discards messages until Sync. */
  private skipUntilSync = false;

  constructor(
    private readonly socket: Socket,
    private readonly config: SessionConfig,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => (this.phase = "closed"));
  }

  private get open(): boolean {
    return this.phase !== "closed";
  }

  get processId(): number {
    return this.config.processId;
  }

  /**
   * Cancel of the running statement. better-sqlite3 runs each statement to completion
   * synchronously, so by the time a CancelRequest is read nothing is running: like a real server
   * with an idle session, there is nothing to do and no reply is sent.
   */
  cancel(secretKey: number): boolean {
    return secretKey === this.config.secretKey;
  }

  private receive(chunk: Buffer): void {
    if (!this.open) return;
    this.reader.push(chunk);
    try {
      while (this.open && this.step()) {
        /* keep consuming whole messages */
      }
    } catch (err) {
      // Never let a bad message or a peer bug throw out of a socket handler (it would take the
      // test process down): report it to this client as FATAL and drop only this connection.
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ProtocolViolation)
        this.fatal({ severity: "FATAL", sqlState: "08P01", message: `Invalid frontend message: ${message}` });
      else this.fatal({ severity: "FATAL", sqlState: "XX000", message: `Internal error in Vertica peer: ${message}` });
    }
    this.flush();
  }

  private send(...messages: Buffer[]): void {
    this.pending.push(...messages);
  }

  private flush(): void {
    if (this.pending.length === 0 || this.socket.destroyed) return;
    this.socket.write(this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending));
    this.pending = [];
  }

  /** Sends a FATAL error and closes, as servers do for startup and protocol failures. */
  private fatal(fields: ErrorFields): void {
    this.send(out.errorResponse(fields));
    this.flush();
    this.phase = "closed";
    this.socket.end();
  }

  /** Handles one complete message; false when more bytes are needed. */
  private step(): boolean {
    if (this.phase === "startup") {
      const body = this.reader.nextUntyped();
      if (!body) return false;
      this.onStartupPacket(body);
      return true;
    }
    const msg = this.reader.nextTyped();
    if (!msg) return false;
    if (this.phase === "auth") this.onAuthMessage(msg.type, msg.body);
    else this.onQueryMessage(msg.type, msg.body);
    return true;
  }

  private onStartupPacket(body: Buffer): void {
    const packet = decodeStartupPacket(body);
    if (packet.kind === "ssl") {
      // TLS is out of scope: a bare 'N' (not a framed message) tells the client to go on in clear
      // text; vertica-nodejs with tls_mode other than 'disable' then fails with its own error.
      this.socket.write(Buffer.from("N"));
      return;
    }
    if (packet.kind === "cancel") {
      this.config.onCancelRequest(packet.processId, packet.secretKey);
      this.phase = "closed";
      this.socket.end();
      return;
    }
    if (packet.version >>> 16 !== 3) {
      return this.fatal({
        severity: "FATAL",
        sqlState: "08P01",
        message: `Unsupported frontend protocol ${packet.version >>> 16}.${packet.version & 0xffff}`,
      });
    }
    // The effective version is the lower of what the client asked for and what we speak; the
    // client rejects a ParameterStatus protocol_version outside [3.5, its request].
    const requested = packet.protocolVersion ?? packet.version;
    if (requested < MIN_PROTOCOL_VERSION) {
      return this.fatal({
        severity: "FATAL",
        sqlState: "08P01",
        message: `Unsupported protocol version ${requested >>> 16}.${requested & 0xffff}`,
      });
    }
    this.effectiveProtocol = Math.min(requested, MAX_PROTOCOL_VERSION);
    this.clientUser = packet.params.user ?? "";
    this.clientLabel = packet.params.client_label ?? "";
    const database = packet.params.database ?? "";
    if (database && database.toLowerCase() !== this.config.database.toLowerCase()) {
      return this.fatal({ severity: "FATAL", sqlState: "3D000", message: `Database "${database}" does not exist` });
    }
    this.challenge = createChallenge(this.config.authMethod, this.config.user, this.config.password);
    this.send(this.challenge.message);
    this.phase = "auth";
  }

  private onAuthMessage(type: number, body: Buffer): void {
    if (type === Frontend.Terminate) {
      this.phase = "closed";
      this.socket.end();
      return;
    }
    if (type !== Frontend.Password || !this.challenge) {
      return this.fatal({
        severity: "FATAL",
        sqlState: "08P01",
        message: `Expected password response, got message type '${String.fromCharCode(type)}'`,
      });
    }
    if (!this.challenge.verify(this.clientUser, decodePassword(body))) {
      // Vertica does not say whether the user or the password was wrong.
      return this.fatal({
        severity: "FATAL",
        sqlState: "28000",
        verticaCode: 3781,
        message: "Invalid username or password",
        routine: "auth_failed",
      });
    }
    const label = this.clientLabel || `peer-${this.config.processId}`;
    this.send(
      out.authenticationOk(),
      out.parameterStatus("client_locale", "en_US@collation=binary"),
      out.parameterStatus("client_label", label),
      out.parameterStatus("server_version", this.config.serverVersion),
      out.parameterStatus("long_string_types", "on"),
      out.parameterStatus("standard_conforming_strings", "on"),
      out.parameterStatus("timezone", "UTC"),
      out.parameterStatus("protocol_version", String(this.effectiveProtocol)),
      out.backendKeyData(this.config.processId, this.config.secretKey),
      out.readyForQuery(this.txStatus()),
    );
    this.phase = "ready";
  }

  private txStatus(): "I" | "T" {
    return this.config.engine.inTransaction ? "T" : "I";
  }

  private onQueryMessage(type: number, body: Buffer): void {
    if (type === Frontend.Terminate) {
      this.phase = "closed";
      this.socket.end();
      return;
    }
    if (type === Frontend.Sync) {
      this.skipUntilSync = false;
      this.send(out.readyForQuery(this.txStatus()));
      return;
    }
    if (this.skipUntilSync) return;
    try {
      switch (type) {
        case Frontend.Query:
          return this.simpleQuery(decodeQuery(body));
        case Frontend.Parse:
          return this.parse(body);
        case Frontend.Describe:
          return this.describe(body);
        case Frontend.Bind:
          return this.bind(body);
        case Frontend.Execute:
          return this.execute(body);
        case Frontend.Close:
          return this.close(body);
        case Frontend.Flush:
          return; // replies are flushed after every chunk anyway
        default:
          return this.fatal({
            severity: "FATAL",
            sqlState: "08P01",
            message: `Unsupported frontend message type '${String.fromCharCode(type)}'`,
          });
      }
    } catch (err) {
      if (err instanceof ProtocolViolation) throw err;
      this.send(out.errorResponse(err instanceof ExtendedError ? err.fields : engineErrorFields(err)));
      this.skipUntilSync = true;
    }
  }

  /** Simple query: every statement in order; the first error ends the batch. */
  private simpleQuery(sql: string): void {
    let any = false;
    try {
      for (const result of this.config.engine.runScript(sql)) {
        any = true;
        this.sendResult(result, true);
      }
      if (!any) this.send(out.emptyQueryResponse());
    } catch (err) {
      this.send(out.errorResponse(engineErrorFields(err)));
    }
    this.send(out.readyForQuery(this.txStatus()));
  }

  private sendResult(result: ExecResult, withDescription: boolean): void {
    if (withDescription && result.columns) this.send(out.rowDescription(result.columns));
    for (const row of result.rows) this.send(out.dataRow(row));
    this.send(out.commandComplete(result.tag));
  }

  private parse(body: Buffer): void {
    const msg = decodeParse(body);
    this.statements.set(msg.name, this.config.engine.prepare(msg.text));
    this.send(out.parseComplete());
  }

  /**
   * Describe(statement) answers ParameterDescription, RowDescription or NoData, then Vertica's
   * CommandDescription. vertica-nodejs sends Bind only after seeing ParameterDescription, because
   * its Bind carries the parameter type OIDs.
   */
  private describe(body: Buffer): void {
    const target = decodeTarget(body);
    if (target.kind === "S") {
      const stmt = this.statement(target.name);
      this.send(
        out.parameterDescription(stmt.paramTypes),
        stmt.columns ? out.rowDescription(stmt.columns) : out.noData(),
        out.commandDescription(stmt.tag),
      );
    } else {
      const portal = this.portal(target.name);
      this.send(portal.statement.columns ? out.rowDescription(portal.statement.columns) : out.noData());
    }
  }

  private bind(body: Buffer): void {
    const msg = decodeBind(body);
    const stmt = this.statement(msg.statement);
    if (msg.values.length !== stmt.paramTypes.length) {
      throw new ExtendedError({
        severity: "ERROR",
        sqlState: "26000",
        message: `Incorrect number of parameters for prepared statement ${msg.statement}`,
        routine: "exec_bind_message",
      });
    }
    if (msg.binaryParams || msg.binaryResults) {
      throw new ExtendedError({ severity: "ERROR", sqlState: "0A000", message: "Binary transfer format is not supported by this peer" });
    }
    // Decode by the OIDs the client echoed back (they came from our ParameterDescription).
    const params = msg.values.map((v, i) => decodeParameter(v, msg.typeOids[i] ?? stmt.paramTypes[i]!));
    this.portals.set(msg.portal, { statement: stmt, params });
    this.send(out.bindComplete());
  }

  /**
   * Execute runs the whole portal: vertica-nodejs always asks for all rows (maxRows 0) and
   * ignores PortalSuspended, so a row limit is not honoured. No RowDescription here — the client
   * took it from Describe.
   */
  private execute(body: Buffer): void {
    const msg = decodeExecute(body);
    const portal = this.portal(msg.portal);
    this.sendResult(portal.statement.execute(portal.params), false);
  }

  private close(body: Buffer): void {
    const target = decodeTarget(body);
    if (target.kind === "S") this.statements.delete(target.name);
    else this.portals.delete(target.name);
    this.send(out.closeComplete());
  }

  private statement(name: string): PreparedSql {
    const stmt = this.statements.get(name);
    if (!stmt) throw new ExtendedError({ severity: "ERROR", sqlState: "26000", message: `Prepared statement "${name}" does not exist` });
    return stmt;
  }

  private portal(name: string): Portal {
    const portal = this.portals.get(name);
    if (!portal) throw new ExtendedError({ severity: "ERROR", sqlState: "34000", message: `Portal "${name}" does not exist` });
    return portal;
  }
}

/** A protocol-level error with ready-made fields (not an engine error to translate). */
class ExtendedError extends Error {
  constructor(readonly fields: ErrorFields) {
    super(fields.message);
  }
}
