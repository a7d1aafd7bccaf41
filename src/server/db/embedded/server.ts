import { createServer } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { openPGlite } from "./pglite";
import { serveWire, type WireLogger, type WireServer } from "./wire-proxy";

export interface StartEmbeddedPostgresOptions {
  /** Directory of the database files; undefined = in memory. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from. */
  loadDataDir?: Blob;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = a random free port. Default 0. */
  port?: number;
  logger?: WireLogger;
  idleInTransactionTimeoutMs?: number;
  stalledMessageTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /** postgresql://postgres:postgres@HOST:PORT/postgres */
  url: string;
  port: number;
  db: PGlite;
  wire: WireServer;
  /** Closes the wire proxy (rolling back open client transactions), then PGlite (flushes to disk). */
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

/** PGlite + pgvector + pg_trgm served over the PostgreSQL wire protocol. */
export async function startEmbeddedPostgres(opts: StartEmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const host = opts.host ?? "127.0.0.1";
  // Fail fast (before the seconds PGlite takes to start) when the port is taken.
  if (opts.port) await assertPortFree(host, opts.port);
  const db = await openPGlite({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir });
  let wire: WireServer;
  try {
    wire = await serveWire(db, {
      host,
      port: opts.port ?? 0,
      logger: opts.logger,
      idleInTransactionTimeoutMs: opts.idleInTransactionTimeoutMs,
      stalledMessageTimeoutMs: opts.stalledMessageTimeoutMs,
    });
  } catch (err) {
    await db.close().catch(() => {});
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new EmbeddedPortInUseError(host, opts.port ?? 0);
    throw err;
  }
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let stopping: Promise<void> | null = null;
  return {
    url: `postgresql://postgres:postgres@${urlHost}:${wire.port}/postgres`,
    port: wire.port,
    db,
    wire,
    stop() {
      stopping ??= (async () => {
        await wire.close();
        if (!db.closed) await db.close();
      })();
      return stopping;
    },
  };
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
