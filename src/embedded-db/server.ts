import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { EMBEDDED_DB_USER, embeddedDbPassword, generatePassword } from "./credentials";
import { lockDataDir, type DataDirLock } from "./data-dir-lock";
import { EmbeddedEngine } from "./engine";
import { restrictTree, restrictUmask } from "./file-modes";
import { serveWire, type WireLogger, type WireServer } from "./wire-proxy";

export { DataDirLockedError } from "./data-dir-lock";
export { DEFAULT_STATEMENT_TIMEOUT_MS, EmbeddedEngine, EngineFailedError } from "./engine";

export interface StartEmbeddedPostgresOptions {
  /**
   * Directory of the database files; undefined = in memory. It is locked for this process
   * (DataDirLockedError if another live process has it), its files made owner-only, and its
   * password kept in `embedded-db-password` beside it (see credentials.ts).
   */
  dataDir?: string;
  /**
   * The password clients must give (user `switchboard`). Default: with dataDir, the one in the
   * password file (generated on first start); in memory, a random one for this server.
   */
  password?: string;
  /** Commits wait for the disk (EMBEDDED_DB_FSYNC=on; see durability.ts). Default false. */
  fsync?: boolean;
  /** A `dumpDataDir()` tarball to start from. */
  loadDataDir?: Blob;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = a random free port. Default 0. */
  port?: number;
  logger?: WireLogger;
  /**
   * The engine watchdog (EMBEDDED_DB_STATEMENT_TIMEOUT_MS): a call into PGlite running longer
   * means it hangs, and it is restarted (see engine.ts). Default DEFAULT_STATEMENT_TIMEOUT_MS;
   * 0 = never.
   */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  stalledMessageTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /** postgresql://switchboard:PASSWORD@HOST:PORT/postgres — contains the password: never log it. */
  url: string;
  /** The same URL with the password replaced by ***, for logs. */
  displayUrl: string;
  /** The password file (dataDir only). */
  passwordFile?: string;
  port: number;
  /** The engine (PGlite on its own thread): query, exec, dumpDataDir, stats for in-process use. */
  db: EmbeddedEngine;
  wire: WireServer;
  /**
   * Closes the wire proxy (rolling back open client transactions), then PGlite (flushes to
   * disk) and its thread, then releases the data directory's lock.
   */
  stop(): Promise<void>;
}

/** Thrown when the port is taken; `message` names the port and EMBEDDED_DB_PORT. */
export class EmbeddedPortInUseError extends Error {
  readonly code = "EADDRINUSE";
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `Cannot start the embedded PostgreSQL: port ${port} on ${host} is already in use ` +
        "(another Switchboard or database server?). Set EMBEDDED_DB_PORT to a free port, " +
        "or DATABASE_URL to use your own PostgreSQL.",
    );
    this.name = "EmbeddedPortInUseError";
  }
}

/**
 * PGlite + pgvector + pg_trgm served over the PostgreSQL wire protocol. PGlite runs on a worker
 * thread and is restarted on the same data directory when it hangs or crashes (engine.ts).
 */
export async function startEmbeddedPostgres(opts: StartEmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const host = opts.host ?? "127.0.0.1";
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : undefined;
  let lock: DataDirLock | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Before PGlite opens a single file: a second process must not get that far.
    lock = await lockDataDir(dataDir);
  }
  let db: EmbeddedEngine | undefined;
  try {
    // Fail fast (before the seconds PGlite takes to start) when the port is taken.
    if (opts.port) await assertPortFree(host, opts.port);
    let password = opts.password ?? generatePassword();
    let passwordFile: string | undefined;
    if (dataDir) {
      restrictUmask();
      if (opts.password === undefined) ({ password, file: passwordFile } = embeddedDbPassword(dataDir));
    }
    db = await EmbeddedEngine.start({
      dataDir,
      loadDataDir: opts.loadDataDir,
      fsync: opts.fsync,
      statementTimeoutMs: opts.statementTimeoutMs,
      logger: opts.logger,
    });
    // After opening: initdb (first start) writes its files with mode 0666, and installs made
    // before owner-only modes have such files too; so may a restart's recovery.
    if (dataDir) {
      const dir = dataDir;
      restrictTree(dir);
      db.onEvent((event) => {
        if (event.type === "up") restrictTree(dir);
      });
    }
    let wire: WireServer;
    try {
      wire = await serveWire(db, {
        auth: { user: EMBEDDED_DB_USER, password },
        host,
        port: opts.port ?? 0,
        logger: opts.logger,
        idleInTransactionTimeoutMs: opts.idleInTransactionTimeoutMs,
        stalledMessageTimeoutMs: opts.stalledMessageTimeoutMs,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new EmbeddedPortInUseError(host, opts.port ?? 0);
      throw err;
    }
    const urlHost = host.includes(":") ? `[${host}]` : host;
    const address = `${urlHost}:${wire.port}/postgres`;
    const opened = db;
    let stopping: Promise<void> | null = null;
    return {
      url: `postgresql://${EMBEDDED_DB_USER}:${encodeURIComponent(password)}@${address}`,
      displayUrl: `postgresql://${EMBEDDED_DB_USER}:***@${address}`,
      passwordFile,
      port: wire.port,
      db: opened,
      wire,
      stop() {
        stopping ??= (async () => {
          try {
            await wire.close();
            if (!opened.closed) await opened.close();
          } finally {
            lock?.release();
          }
        })();
        return stopping;
      },
    };
  } catch (err) {
    if (db && !db.closed) await db.close().catch(() => {});
    lock?.release();
    throw err;
  }
}

function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "EADDRINUSE" ? new EmbeddedPortInUseError(host, port) : err);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
