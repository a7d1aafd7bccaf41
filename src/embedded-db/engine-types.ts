/**
 * What passes between the embedded database's engine thread (engine-worker.ts, where PGlite
 * runs) and the thread that hosts it (engine.ts), and what the host tells its users (the wire
 * proxy, in-process callers) about the engine's health.
 */

/** up: serving. restarting: failed, a new engine is opening the same data directory. failed: gone for good. */
export type EngineState = "starting" | "up" | "restarting" | "failed" | "closed";

export type EngineEvent =
  /** The engine hung, panicked or aborted: everything in flight was failed with EngineFailedError. */
  | { type: "down"; reason: string; recovering: boolean }
  /** A restarted engine serves again (on the same data directory, after WAL recovery). */
  | { type: "up"; restarts: number }
  /** No engine will serve again (an in-memory database, or restarting failed repeatedly). */
  | { type: "failed"; reason: string };

/** A call into the engine that failed because the engine did (not an SQL error). */
export class EngineFailedError extends Error {
  constructor(
    readonly reason: string,
    /** The state the engine was in when the call failed. */
    readonly state: EngineState,
  ) {
    super(`embedded database engine ${state === "closed" ? "is closed" : `failed: ${reason}`}`);
    this.name = "EngineFailedError";
  }
}

export interface EngineWorkerData {
  dataDir?: string;
  /** A dumpDataDir() tarball, first start only. */
  loadDataDir?: ArrayBuffer;
  fsync: boolean;
}

export type EngineRequest =
  | { id: number; op: "raw"; bytes: Uint8Array }
  | { id: number; op: "query"; sql: string; params?: unknown[] }
  | { id: number; op: "exec"; sql: string }
  | { id: number; op: "dump"; compression?: "auto" | "gzip" | "none" }
  | { id: number; op: "stats" }
  | { id: number; op: "close" };

/** An SQL error from query/exec, with PostgreSQL's fields (severity, code, detail, hint, ...). */
export interface SerializedDbError {
  message: string;
  name: string;
  fields: Record<string, unknown>;
}

export type EngineReply =
  | { kind: "ready" }
  | { kind: "start-failed"; message: string }
  | { kind: "result"; id: number; value: unknown }
  | { kind: "error"; id: number; error: SerializedDbError }
  /** PGlite is no longer trustworthy (panic, abort, a round without ReadyForQuery). */
  | { kind: "broken"; id: number; reason: string };

export interface EngineWorkerStats {
  /** fsyncs made by the EMBEDDED_DB_FSYNC=on NODEFS operation (see durability.ts). */
  fsyncs: number;
}
