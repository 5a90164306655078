// What the main thread and the SSH worker say to each other. Channel data travels as transferred
// ArrayBuffers; each side grants the other credit in bytes, so neither queues without bound.
import type { BenchSshTarget } from "./bench-ssh.ts";

export type ToWorker =
  | { t: "open"; id: number; host: string; port: number }
  | { t: "data"; id: number; buf: ArrayBuffer }
  | { t: "credit"; id: number; bytes: number }
  | { t: "end"; id: number }
  | { t: "close"; id: number }
  | { t: "shutdown" };

export type FromWorker =
  | { t: "ready"; hostKeyFingerprint: string; negotiated: string }
  | { t: "opened"; id: number }
  | { t: "data"; id: number; buf: ArrayBuffer }
  | { t: "written"; id: number; bytes: number }
  | { t: "end"; id: number }
  | { t: "close"; id: number }
  | { t: "error"; id: number; message: string }
  | { t: "lost"; message: string };

export type WorkerInput = BenchSshTarget;

/** Unacknowledged bytes either side lets travel on one channel before it stops reading. */
export const CHANNEL_CREDIT = 1 << 20;
