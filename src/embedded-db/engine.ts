/**
 * The embedded database's engine, hosted on a worker thread so that it can be stopped.
 *
 * PGlite is PostgreSQL in WASM, and it can fail in ways a server process would survive only by
 * restarting the backend: a query that never returns (a loop inside WASM blocks the thread it
 * runs on: nothing on that thread runs again), a PANIC, a WASM abort, or a broken state where it
 * answers every query with nothing (engine-worker.ts tells these apart). So PGlite runs on its
 * own thread (engine-worker.ts) and this class, on the wire proxy's thread:
 *  - sends it requests (the proxy's protocol rounds, in-process queries) and routes the answers;
 *  - runs a watchdog: a request running longer than `statementTimeoutMs` means the engine hangs
 *    (a data-directory dump or the final close get at least BULK_CALL_TIMEOUT_MS);
 *  - on a hang or a failure: fails every request in flight with EngineFailedError, tells its
 *    listeners ("down": the proxy answers every connection with FATAL 57P01), stops the thread
 *    (worker.terminate() interrupts WASM), and opens PGlite again on the same data directory on
 *    a new thread. PostgreSQL's crash recovery replays the WAL: every commit PGlite acknowledged
 *    was written to the WAL (write(2) before the answer; with EMBEDDED_DB_FSYNC=on, fsync too,
 *    see durability.ts), so it survives; transactions that were open are gone, as after a
 *    PostgreSQL crash. Then "up": the proxy serves again.
 *  - An in-memory engine has nothing to recover from: it goes to "failed" and stays there.
 *
 * The data directory's lock (data-dir-lock.ts) belongs to the process, so it is held across
 * restarts; the old thread is stopped before the new one opens a file.
 *
 * The engine is one PostgreSQL session: `lock()` gives exclusive use of it (the proxy takes it
 * while a connection owns the session); query/exec/dumpDataDir take it for their one call.
 */
import { Worker } from "node:worker_threads";
import type { Results } from "@electric-sql/pglite";
import {
  EngineFailedError,
  type EngineEvent,
  type EngineReply,
  type EngineRequest,
  type EngineState,
  type EngineWorkerData,
  type EngineWorkerStats,
} from "./engine-types";
import type { WireLogger } from "./wire-proxy";

export { EngineFailedError, type EngineEvent, type EngineState } from "./engine-types";

/**
 * Default watchdog: one call into PGlite (a client's query, or a pipelined batch of them) may run
 * this long before the engine is deemed hung and restarted. Generous on purpose: a restart fails
 * every open connection, so it must never hit legitimate work (a migration building an index on a
 * large table, pg-boss maintenance, on a slow shared machine), while a genuine hang blocks every
 * client of the single-session engine until it fires. EMBEDDED_DB_STATEMENT_TIMEOUT_MS.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
/** Opening PGlite (and replaying the WAL after a failure) may take this long. */
const START_TIMEOUT_MS = 300_000;
/**
 * Dumping the data directory (online backups) and closing (a final checkpoint) scale with the
 * database's size, not with a statement: they get at least this long before counting as a hang.
 */
const BULK_CALL_TIMEOUT_MS = 600_000;
/** Restart attempts after one failure before giving up (state "failed"). */
const RESTART_ATTEMPTS = 5;

export interface EngineOptions {
  /** Directory of the database files; undefined = in memory (not restartable). */
  dataDir?: string;
  /** A dumpDataDir() tarball to start from (first start only). */
  loadDataDir?: Blob;
  fsync?: boolean;
  /** The watchdog (see DEFAULT_STATEMENT_TIMEOUT_MS); 0 = none. */
  statementTimeoutMs?: number;
  logger?: WireLogger;
}

export interface EngineStats extends EngineWorkerStats {
  state: EngineState;
  /** Engine failures (hangs, panics, aborts) since start. */
  failures: number;
  /** Successful restarts since start. */
  restarts: number;
}

/** A request without its id (assigned when sent). */
type RequestBody = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, "id"> : never) : never;

interface Pending {
  /** How long this request may run (0 = forever). */
  limitMs: number;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

const silentLogger: WireLogger = { info() {}, warn() {}, error() {}, debug() {} };

/** engine-bootstrap.mjs loads engine-worker.ts (TypeScript) in the new thread. */
const WORKER_ENTRY = new URL("./engine-bootstrap.mjs", import.meta.url);

export class EmbeddedEngine {
  /** Opens PGlite on its thread; resolves once it answers. */
  static async start(opts: EngineOptions = {}): Promise<EmbeddedEngine> {
    const engine = new EmbeddedEngine(opts);
    const loadDataDir = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
    engine.worker = await engine.spawn({ dataDir: opts.dataDir, loadDataDir, fsync: Boolean(opts.fsync) });
    engine.state = "up";
    engine.startWatchdog();
    return engine;
  }

  state: EngineState = "starting";
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** When the request now running in the engine started (0 = idle). */
  private busySince = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly mutex = new Mutex();
  private failures = 0;
  private restarts = 0;
  private closing: Promise<void> | null = null;
  private readonly log: WireLogger;
  private readonly statementTimeoutMs: number;

  private constructor(private readonly opts: EngineOptions) {
    this.log = opts.logger ?? silentLogger;
    this.statementTimeoutMs = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  /** Runs frontend messages; the caller holds lock() (the wire proxy does). */
  execProtocolRaw(bytes: Uint8Array): Promise<Uint8Array> {
    // A copy of exactly these bytes, handed over (a subarray would clone its whole buffer).
    const own = new Uint8Array(bytes);
    return this.request({ op: "raw", bytes: own }, [own.buffer]) as Promise<Uint8Array>;
  }

  /** One statement, as PGlite's db.query (rows parsed), outside any client's transaction. */
  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Results<T>> {
    return this.exclusive(() => this.request({ op: "query", sql, params })) as Promise<Results<T>>;
  }

  /** Statements without parameters, as PGlite's db.exec. */
  async exec(sql: string): Promise<Results[]> {
    return this.exclusive(() => this.request({ op: "exec", sql })) as Promise<Results[]>;
  }

  /** A tarball of the data directory, as PGlite's dumpDataDir. */
  async dumpDataDir(compression?: "auto" | "gzip" | "none"): Promise<Blob> {
    const bytes = (await this.exclusive(() => this.request({ op: "dump", compression }))) as ArrayBuffer;
    return new Blob([bytes]);
  }

  async stats(): Promise<EngineStats> {
    const worker =
      this.state === "up" ? ((await this.request({ op: "stats" })) as EngineWorkerStats) : { fsyncs: 0 };
    return { ...worker, state: this.state, failures: this.failures, restarts: this.restarts };
  }

  /** Exclusive use of the engine's one session until the returned function is called. */
  lock(): Promise<() => void> {
    return this.mutex.acquire();
  }

  /** Engine failures and recoveries; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes PGlite (flushing it to disk) and stops its thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // The watchdog keeps running: a close stuck in WASM is stopped like any other call.
      const worker = this.worker;
      if (this.state === "up" && worker) {
        try {
          await this.exclusive(() => this.request({ op: "close" }));
        } catch (err) {
          if (!(err instanceof EngineFailedError)) this.log.error({ err }, "embedded db: closing PGlite failed");
        }
      }
      if (this.watchdog) clearInterval(this.watchdog);
      this.state = "closed";
      this.worker = null;
      this.failPending(new EngineFailedError("closed", "closed"));
      this.mutex.reset(new EngineFailedError("closed", "closed"));
      await worker?.terminate();
    })();
    return this.closing;
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const unlock = await this.lock();
    try {
      return await fn();
    } finally {
      unlock();
    }
  }

  private request(req: RequestBody, transfer?: ArrayBuffer[]): Promise<unknown> {
    const worker = this.worker;
    if (this.state !== "up" || !worker) return Promise.reject(new EngineFailedError(this.state, this.state));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.busySince = Date.now();
      const bulk = req.op === "dump" || req.op === "close";
      const limitMs = bulk && this.statementTimeoutMs > 0 ? Math.max(this.statementTimeoutMs, BULK_CALL_TIMEOUT_MS) : this.statementTimeoutMs;
      this.pending.set(id, { limitMs, resolve, reject });
      worker.postMessage({ ...req, id } as EngineRequest, transfer);
    });
  }

  private onReply(worker: Worker, reply: EngineReply): void {
    if (worker !== this.worker || reply.kind === "ready" || reply.kind === "start-failed") return;
    const pending = this.pending.get(reply.id);
    if (reply.kind === "broken") {
      this.fail(reply.reason);
      return;
    }
    if (!pending) return;
    this.pending.delete(reply.id);
    // The engine runs requests in order: the next one starts now.
    this.busySince = this.pending.size > 0 ? Date.now() : 0;
    if (reply.kind === "result") pending.resolve(reply.value);
    else pending.reject(Object.assign(new Error(reply.error.message), reply.error.fields, { name: reply.error.name }));
  }

  private startWatchdog(): void {
    if (this.statementTimeoutMs <= 0) return;
    const every = Math.max(20, Math.min(1000, this.statementTimeoutMs / 4));
    this.watchdog = setInterval(() => {
      if (this.state !== "up" || this.busySince === 0) return;
      // Requests run in order: the oldest pending one is the one running.
      const running = this.pending.values().next().value;
      const ms = Date.now() - this.busySince;
      if (running && ms > running.limitMs) {
        this.fail(
          `a call into PGlite ran ${ms} ms, past the ${running.limitMs} ms watchdog (EMBEDDED_DB_STATEMENT_TIMEOUT_MS); ` +
            "if it was legitimate work (a migration on a large table), raise that limit",
        );
      }
    }, every);
    this.watchdog.unref();
  }

  /** The engine is no longer trustworthy: fail everything in flight, stop it, restart it. */
  private fail(reason: string): void {
    if (this.state !== "up" || !this.worker) return;
    const worker = this.worker;
    this.worker = null;
    this.busySince = 0;
    this.failures++;
    const recovering = this.opts.dataDir !== undefined && this.closing === null;
    this.state = recovering ? "restarting" : "failed";
    this.log.error(
      { reason, inFlight: this.pending.size, dataDir: this.opts.dataDir ?? "(in memory)" },
      recovering
        ? "embedded db: the PGlite engine failed; failing every connection and restarting it on the same data directory"
        : "embedded db: the PGlite engine failed; it runs in memory, so its data is lost and it will not restart",
    );
    const err = new EngineFailedError(reason, this.state);
    // Listeners first (the proxy closes every connection with a clear error), then the callers.
    this.emit({ type: "down", reason, recovering });
    this.failPending(err);
    this.mutex.reset(err);
    void this.recover(worker, reason, recovering);
  }

  private async recover(worker: Worker, reason: string, recovering: boolean): Promise<void> {
    const started = Date.now();
    // Interrupts WASM; the new engine must not open the files before the old one is gone.
    await worker.terminate().catch(() => {});
    if (!recovering) {
      if (this.closing === null) this.emit({ type: "failed", reason });
      return;
    }
    let lastError = "";
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
      if (this.closing !== null) return;
      try {
        const next = await this.spawn({ dataDir: this.opts.dataDir, fsync: Boolean(this.opts.fsync) });
        if (this.closing !== null) {
          await next.terminate();
          return;
        }
        this.worker = next;
        this.state = "up";
        this.restarts++;
        this.log.info(
          { ms: Date.now() - started, attempt, restarts: this.restarts },
          "embedded db: PGlite restarted on the same data directory (WAL recovery done); serving again",
        );
        this.emit({ type: "up", restarts: this.restarts });
        return;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        this.log.error({ err, attempt }, "embedded db: restarting PGlite failed");
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** (attempt - 1))));
      }
    }
    this.state = "failed";
    this.log.error({ attempts: RESTART_ATTEMPTS }, "embedded db: giving up restarting PGlite; restart the server");
    this.emit({ type: "failed", reason: `${reason}; restarting failed: ${lastError}` });
  }

  /** A new engine thread, resolved once PGlite is open. */
  private spawn(data: EngineWorkerData): Promise<Worker> {
    const worker = new Worker(WORKER_ENTRY, {
      // Not the parent's loader flags: the bootstrap registers tsx itself.
      execArgv: [],
      workerData: data,
      transferList: data.loadDataDir ? [data.loadDataDir] : undefined,
    });
    return new Promise<Worker>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settle(new Error(`PGlite did not open within ${START_TIMEOUT_MS / 1000} s`));
      }, START_TIMEOUT_MS);
      const settle = (err: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          void worker.terminate();
          reject(err);
        } else resolve(worker);
      };
      worker.on("message", (reply: EngineReply) => {
        if (reply.kind === "ready") settle(null);
        else if (reply.kind === "start-failed") settle(new Error(`PGlite did not open: ${reply.message}`));
        else this.onReply(worker, reply);
      });
      worker.on("error", (err) => {
        if (!settled) return settle(err);
        if (worker === this.worker) this.fail(`PGlite aborted: ${err.message}`);
      });
      worker.on("exit", (code) => {
        if (!settled) return settle(new Error(`the engine thread exited with code ${code} while opening PGlite`));
        if (worker === this.worker) this.fail(`the engine thread exited (code ${code})`);
      });
    });
  }

  private failPending(err: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.error({ err, event: event.type }, "embedded db: engine event listener failed");
      }
    }
  }
}

/**
 * A FIFO lock over the engine's one session. reset() (the engine failed) rejects the waiters and
 * makes the current holder's release a no-op: the session it held is gone.
 */
class Mutex {
  private held = false;
  private epoch = 0;
  private waiters: { grant: () => void; reject: (err: Error) => void }[] = [];

  acquire(): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ grant: () => resolve(this.releaser()), reject });
    });
  }

  reset(err: Error): void {
    this.epoch++;
    this.held = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }

  private releaser(): () => void {
    const epoch = this.epoch;
    let released = false;
    return () => {
      if (released || epoch !== this.epoch) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.held = false;
    };
  }
}
