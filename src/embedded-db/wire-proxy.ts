/**
 * A session-aware PostgreSQL wire-protocol proxy in front of one PGlite instance.
 *
 * PGlite is a single PostgreSQL backend (one session). Many client connections share it safely:
 *
 * Ownership. A connection owns PGlite from its first message of a round until PGlite answers
 * ReadyForQuery with status 'I' (idle, not in a transaction) and the connection is not in the
 * middle of an extended-protocol exchange (Parse/Bind/... sent, Sync not yet). While it is in a
 * transaction ('T', or 'E' after an error) it keeps ownership; the others wait in FIFO order.
 * Ownership also holds the engine's lock, so in-process users of the same engine (`db.query`)
 * never run inside a client's transaction either.
 *
 * Framing. Client bytes are framed into whole messages (type byte + int32 length; the startup
 * packet has no type byte) and partial frames are buffered. All complete messages a client has
 * buffered go to PGlite in one `execProtocolRaw` call (PGlite runs every message in its input
 * before returning, and only emits ReadyForQuery where PostgreSQL would), so a pipelined
 * Parse/Bind/Describe/Execute/Sync costs one call.
 *
 * Startup is answered by the proxy (SCRAM-SHA-256 authentication of the one user, then
 * AuthenticationOk, ParameterStatus, BackendKeyData, ReadyForQuery): forwarding StartupMessage
 * to PGlite would reset its reporting state under the other sessions. A wrong user or password
 * gets FATAL 28P01 "password authentication failed for user ..." after the whole exchange, as
 * PostgreSQL answers (the two cannot be told apart). SSLRequest/GSSENCRequest get 'N'; a
 * CancelRequest is closed quietly (a running WASM query cannot be interrupted). Terminate ('X')
 * is never forwarded.
 *
 * Session state isolation:
 *  - Named prepared statements are renamed per connection in Parse/Bind/Describe/Close
 *    (`sb<conn>.<name>`) and closed when the connection ends. The unnamed statement and portals
 *    need no renaming: they do not outlive an ownership span (clients re-Parse the unnamed
 *    statement; named portals end with their transaction).
 *  - Settings (SET, RESET, set_config(..., false), startup parameters such as application_name):
 *    the proxy remembers which settings each connection has (a snapshot of
 *    `pg_settings where source = 'session'` taken when a connection that ran a session-changing
 *    statement releases PGlite) and, on acquire, brings PGlite's session from the previous
 *    owner's settings to the new owner's with one RESET/set_config statement, only when they
 *    differ. Connections that never change settings pay nothing.
 *  - Not isolated, answered with ErrorResponse SQLSTATE 0A000 (feature_not_supported) instead:
 *    SQL-level PREPARE/EXECUTE/DEALLOCATE, DISCARD ALL, LISTEN, temporary tables (except
 *    CREATE TEMP TABLE ... ON COMMIT DROP), DECLARE ... WITH HOLD, COPY ... FROM STDIN (PGlite
 *    cannot wait for copy data: it would terminate the process). The rejected statement is
 *    replaced by one that raises the error inside PGlite, so transaction state stays exact.
 *  - Startup parameters (application_name, options=-c ..., client_encoding other than UTF8)
 *    become the connection's session settings, applied when it first owns PGlite; ones equal to
 *    the server's defaults cost nothing. Startup itself never waits for PGlite.
 *  - Limits: session-level advisory locks are shared by all connections (one backend): every
 *    connection "holds" them at once (transaction-level locks are fine: ownership is
 *    exclusive). pg_prepared_statements lists every connection's (renamed) statements. The
 *    database name is ignored (there is one). A client that, inside its own transaction, waits
 *    for a query on a second connection deadlocks until the idle-in-transaction timeout: the
 *    second connection waits for the first transaction to end (the one exception, a lone
 *    Parse+Sync as libpq's PQprepare sends, is served on the side: see serveWaitingPrepares).
 *    set_config() called inside a function body is not seen (only the statement text is
 *    scanned), and custom (dotted) settings are tracked by the names seen in SET/set_config.
 *
 * Never wedge: message types PGlite cannot take (CopyData/CopyDone/CopyFail outside a copy,
 * unknown types) are dropped or answered with a FATAL protocol error for that connection only.
 * On disconnect, Terminate or timeout while owning PGlite, the proxy rolls back (ROLLBACK, Sync,
 * ROLLBACK: ends an explicit transaction, an unsynced extended exchange's implicit one, and a
 * failed exchange skipping to Sync), closes the connection's statements and releases ownership. An owner
 * idle in a transaction longer than `idleInTransactionTimeoutMs` gets FATAL 25P03 and is
 * disconnected; one stalled mid-message or mid-extended-protocol longer than
 * `stalledMessageTimeoutMs` gets FATAL 08P01.
 *
 * Engine failure (engine.ts: PGlite hung past the watchdog, panicked or aborted): every
 * connection, busy or idle, gets FATAL 57P01 and is closed (the session state it relied on is
 * gone); connections opened while the engine restarts get FATAL 57P03 at startup; once it is
 * back, new connections are served as usual, so pools reconnect by themselves.
 */
import { createServer, type Server, type Socket } from "node:net";
import { EngineFailedError, type EngineEvent, type EngineState } from "./engine-types";
import {
  F,
  CANCEL_REQUEST_CODE,
  GSSENC_REQUEST_CODE,
  MAX_MESSAGE_LENGTH,
  MAX_STARTUP_PACKET_LENGTH,
  SSL_REQUEST_CODE,
  authenticationOk,
  authenticationSASL,
  authenticationSASLContinue,
  authenticationSASLFinal,
  backendKeyData,
  B,
  closeStatementMessage,
  copyFailMessage,
  dataRows,
  errorResponse,
  firstError,
  negotiateProtocolVersion,
  parameterStatus,
  queryMessage,
  readCString,
  readyForQuery,
  splitBackendMessages,
  syncMessage,
  trailingReadyStatus,
  type ErrorFields,
  type TxStatus,
} from "./protocol";
import { SCRAM_MECHANISM, ScramExchange, ScramProtocolError, scramVerifier, type ScramVerifier } from "./scram";
import { escapeLiteral, quoteSettingName, rejectionSql, scanSql, type SqlScan } from "./sql-scan";

export interface WireLogger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}

/**
 * The PostgreSQL session the proxy serves (EmbeddedEngine: PGlite on its own thread; anything
 * with PGlite's execProtocolRaw and query will do).
 */
export interface WireEngine {
  execProtocolRaw(bytes: Uint8Array): Promise<Uint8Array>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Exclusive use of the session until the returned function is called. */
  lock(): Promise<() => void>;
  /** A restartable engine reports its failures and recoveries (see engine.ts). */
  onEvent?(listener: (event: EngineEvent) => void): () => void;
  readonly state?: EngineState;
}

export interface WireAuth {
  /** The one user name clients must connect as. */
  user: string;
  /** Its password; only a SCRAM verifier derived from it is kept. */
  password: string;
}

export interface ServeWireOptions {
  /** Required: the proxy never accepts a connection without the password. */
  auth: WireAuth;
  host?: string;
  /** 0 = a random free port. Default 0. */
  port?: number;
  /** An owner idle inside a transaction longer than this is disconnected (FATAL 25P03). */
  idleInTransactionTimeoutMs?: number;
  /** An owner stalled mid-message or mid-extended-protocol longer than this is disconnected. */
  stalledMessageTimeoutMs?: number;
  /** A connection that has not completed its startup and authentication in this time is closed. */
  startupTimeoutMs?: number;
  logger?: WireLogger;
}

export interface WireStats {
  /** Open client connections. */
  connections: number;
  /** Connections accepted since start. */
  accepted: number;
  /** Connections waiting for PGlite. */
  queued: number;
  /** Id of the connection that owns PGlite, or null. */
  owner: number | null;
  /** execProtocolRaw calls made for clients (batches). */
  batches: number;
  /** Client messages forwarded to PGlite. */
  messages: number;
  /** Extra statements the proxy ran for session isolation (settings switch/snapshot). */
  sessionSwitches: number;
  /** Transactions rolled back because their client went away or timed out. */
  rollbacks: number;
  /** Statements answered with feature_not_supported. */
  rejected: number;
  /** Connections terminated by a timeout. */
  timeouts: number;
  /** Engine failures (hang, panic, abort) that ended every connection. */
  engineFailures: number;
  /** Waiting clients' Parse+Sync answered inside another client's transaction (see below). */
  sidePrepares: number;
  bytesIn: number;
  bytesOut: number;
}

export interface WireServer {
  port: number;
  host: string;
  close(): Promise<void>;
  stats(): WireStats;
}

const silentLogger: WireLogger = { info() {}, warn() {}, error() {}, debug() {} };

/** Parameters reported in ParameterStatus at startup (PostgreSQL 18's GUC_REPORT set). */
const REPORTED_PARAMETERS = [
  "server_version",
  "server_encoding",
  "client_encoding",
  "application_name",
  "default_transaction_read_only",
  "in_hot_standby",
  "is_superuser",
  "session_authorization",
  "DateStyle",
  "IntervalStyle",
  "TimeZone",
  "integer_datetimes",
  "standard_conforming_strings",
  "search_path",
  "scram_iterations",
];

/** Largest input handed to one execProtocolRaw call (a client's pipeline is split beyond it). */
const MAX_BATCH_BYTES = 1 << 20;

export async function serveWire(engine: WireEngine, opts: ServeWireOptions): Promise<WireServer> {
  const proxy = new WireProxy(engine, opts);
  await proxy.init();
  return proxy.listen(opts.host ?? "127.0.0.1", opts.port ?? 0);
}

interface Waiter {
  conn: Connection;
  /** true: the connection now owns PGlite; false: its input was served without ownership. */
  grant: (owns: boolean) => void;
}

class WireProxy {
  readonly log: WireLogger;
  readonly idleInTransactionTimeoutMs: number;
  readonly stalledMessageTimeoutMs: number;
  readonly startupTimeoutMs: number;
  readonly user: string;
  readonly verifier: ScramVerifier;
  readonly conns = new Set<Connection>();
  owner: Connection | null = null;
  readonly queue: Waiter[] = [];
  /** The session-level settings currently in effect in PGlite (what the last owner had). */
  applied = new Map<string, string>();
  /** Custom (dotted) settings seen in SET/set_config: pg_settings does not list them. */
  readonly customSettings = new Set<string>();
  baseParameters: [string, string][] = [];
  private server: Server | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closing = false;
  readonly counters = {
    accepted: 0,
    batches: 0,
    messages: 0,
    sessionSwitches: 0,
    rollbacks: 0,
    rejected: 0,
    timeouts: 0,
    engineFailures: 0,
    sidePrepares: 0,
    bytesIn: 0,
    bytesOut: 0,
  };

  private unsubscribe: (() => void) | null = null;

  constructor(
    readonly engine: WireEngine,
    opts: ServeWireOptions,
  ) {
    this.log = opts.logger ?? silentLogger;
    this.idleInTransactionTimeoutMs = opts.idleInTransactionTimeoutMs ?? 60_000;
    this.stalledMessageTimeoutMs = opts.stalledMessageTimeoutMs ?? 30_000;
    this.startupTimeoutMs = opts.startupTimeoutMs ?? 60_000;
    if (!opts.auth?.user || !opts.auth.password) throw new Error("serveWire: auth.user and auth.password are required");
    this.user = opts.auth.user;
    this.verifier = scramVerifier(opts.auth.password);
  }

  async init(): Promise<void> {
    const res = await this.engine.query<{ name: string; value: string | null }>(
      "select name, current_setting(name, true) as value from unnest($1::text[]) as name",
      [REPORTED_PARAMETERS],
    );
    const user = await this.engine.query<{ u: string }>("select current_user as u");
    this.baseParameters = res.rows.map((r) => {
      let value = r.value ?? "";
      if (r.name === "session_authorization" && !value) value = user.rows[0]?.u ?? "postgres";
      return [r.name, value];
    });
  }

  listen(host: string, port: number): Promise<WireServer> {
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    this.unsubscribe = this.engine.onEvent?.((event) => this.onEngineEvent(event)) ?? null;
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        this.server = null;
        reject(err);
      };
      server.once("error", onError);
      server.listen(port, host, () => {
        server.off("error", onError);
        server.on("error", (err) => this.log.error({ err }, "embedded db: server error"));
        const addr = server.address();
        const actualPort = typeof addr === "object" && addr ? addr.port : port;
        const tick = Math.max(
          10,
          Math.min(1000, this.idleInTransactionTimeoutMs / 4, this.stalledMessageTimeoutMs / 4, this.startupTimeoutMs / 4),
        );
        this.ticker = setInterval(() => this.tick(), tick);
        this.ticker.unref();
        this.log.debug({ host, port: actualPort }, "embedded db: wire proxy listening");
        resolve({
          port: actualPort,
          host,
          close: () => this.close(),
          stats: () => this.stats(),
        });
      });
    });
  }

  stats(): WireStats {
    return {
      connections: this.conns.size,
      queued: this.queue.length,
      owner: this.owner?.id ?? null,
      ...this.counters,
    };
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.counters.accepted++;
    const conn = new Connection(this, this.nextId++, socket);
    this.conns.add(conn);
  }

  forget(conn: Connection): void {
    this.conns.delete(conn);
  }

  /** Whether a startup parameter asks for what every session has anyway. */
  isDefault(name: string, value: string): boolean {
    const base = this.baseParameters.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    if (base === undefined) return false;
    if (name.toLowerCase() === "client_encoding") return normalizeEncoding(value) === normalizeEncoding(base);
    return value === base;
  }

  // ----------------------------------------------------------------------------- ownership

  /**
   * Resolves true once `conn` owns PGlite (FIFO), holding the engine's lock too; or false
   * when its input was answered meanwhile without ownership (serveWaitingPrepares).
   */
  async acquire(conn: Connection): Promise<boolean> {
    if (this.owner === conn) return true;
    if (this.owner === null && this.queue.length === 0) {
      this.owner = conn;
    } else {
      const owns = new Promise<boolean>((grant) => this.queue.push({ conn, grant }));
      this.serveWaitingPrepares();
      if (!(await owns)) return false;
    }
    conn.unlockDb = await this.engine.lock();
    return true;
  }

  private servingPrepares = false;

  /**
   * Clients such as pgbench run several connections on one thread and prepare statements with
   * a blocking PQprepare (Parse + Sync). If another of its connections holds PGlite inside a
   * transaction, the prepare would wait for a transaction that cannot advance: a deadlock. So
   * while the owner sits idle inside a transaction (status 'T', between messages), a waiting
   * connection's lone Parse+Sync is run right away inside a savepoint, which is then rolled back:
   * the prepared statement (not transactional) stays, the owner's transaction is untouched,
   * and a parse error reaches the waiting client with its own ReadyForQuery 'I'. Only when the
   * waiting connection's settings equal the owner's (name resolution depends on search_path).
   */
  serveWaitingPrepares(): void {
    if (this.servingPrepares) return;
    this.servingPrepares = true;
    void this.servePrepares()
      .catch((err: unknown) => {
        // An engine failure ends every connection (onEngineEvent); anything else is a bug to see.
        if (!(err instanceof EngineFailedError)) this.log.error({ err }, "embedded db: serving a waiting prepare failed");
      })
      .finally(() => {
        this.servingPrepares = false;
      });
  }

  private async servePrepares(): Promise<void> {
    for (let i = 0; i < this.queue.length; ) {
      const owner = this.owner;
      if (!owner || !owner.idleInTransaction()) return;
      const waiter = this.queue[i]!;
      if (!sameSettings(waiter.conn.settings, this.applied)) {
        i++;
        continue;
      }
      const parse = waiter.conn.takePrepareRound();
      if (!parse) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.counters.sidePrepares++;
      // Runs synchronously inside PGlite: the owner cannot interleave.
      const out = await this.exec(
        Buffer.concat([
          queryMessage("SAVEPOINT sb_side_prepare"),
          parse,
          syncMessage(),
          queryMessage("ROLLBACK TO SAVEPOINT sb_side_prepare; RELEASE SAVEPOINT sb_side_prepare"),
        ]),
      );
      const msgs = splitBackendMessages(out);
      const firstReady = msgs.findIndex((m) => m.type === B.ReadyForQuery);
      const parseReady = msgs.findIndex((m, k) => k > firstReady && m.type === B.ReadyForQuery);
      const answer: Buffer[] = [];
      for (let k = firstReady + 1; k < parseReady; k++) {
        const m = msgs[k]!;
        if (m.type === 0x53 /* ParameterStatus */) continue;
        answer.push(frontend(m.type, [m.body]));
      }
      answer.push(readyForQuery("I"));
      waiter.conn.answer(Buffer.concat(answer));
      const ownerStatus = trailingReadyStatus(out);
      if (ownerStatus !== "T") {
        this.log.error({ conn: owner.id, status: ownerStatus }, "embedded db: side prepare disturbed the owner's transaction");
        if (ownerStatus) owner.status = ownerStatus;
      }
      waiter.grant(false);
    }
  }

  /** Gives PGlite to the next waiter. The caller must have brought PGlite back to idle. */
  async release(conn: Connection): Promise<void> {
    if (this.owner !== conn) return;
    conn.waitingSince = 0;
    try {
      if (conn.dirty) await this.snapshot(conn);
    } catch (err) {
      if (err instanceof EngineFailedError) return; // onEngineEvent released everything
      this.log.warn({ err, conn: conn.id }, "embedded db: settings snapshot failed");
    }
    const unlock = conn.unlockDb;
    conn.unlockDb = null;
    unlock?.();
    const next = this.queue.shift();
    this.owner = next?.conn ?? null;
    next?.grant(true);
  }

  /** Runs frontend messages in PGlite on the owner's behalf (not forwarded to any client). */
  async exec(bytes: Uint8Array): Promise<Uint8Array> {
    return this.engine.execProtocolRaw(bytes);
  }

  /** Whether new connections can be served (a restarting engine refuses them, 57P03). */
  engineState(): EngineState {
    return this.engine.state ?? "up";
  }

  /**
   * The engine failed: every session it held is gone (transactions rolled back by its crash
   * recovery, prepared statements and settings lost), so every connection ends with FATAL
   * 57P01, which pg clients and pools treat as "reconnect". Connections that arrive until the
   * engine is back are refused with 57P03 (handleStartup).
   */
  private onEngineEvent(event: EngineEvent): void {
    if (event.type !== "down") {
      this.log.debug({ event: event.type }, "embedded db: engine state changed"); // the engine logs it
      return;
    }
    this.counters.engineFailures++;
    this.owner = null;
    this.applied = new Map();
    const waiting = this.queue.splice(0);
    const message = event.recovering
      ? "terminating connection because the embedded database engine failed; it is restarting, reconnect in a few seconds"
      : "terminating connection because the embedded database engine failed; it ran in memory and cannot be recovered";
    for (const conn of this.conns) conn.sessionLost({ severity: "FATAL", code: "57P01", message, detail: event.reason });
    for (const waiter of waiting) waiter.grant(false);
  }

  /** Makes PGlite's session settings equal to `conn`'s. Returns the error fields on failure. */
  async applySettings(conn: Connection): Promise<Record<string, string> | null> {
    const want = conn.settings;
    const have = this.applied;
    if (sameSettings(want, have)) return null;
    const statements: string[] = [];
    for (const name of have.keys()) if (!want.has(name)) statements.push(`RESET ${quoteSettingName(name)}`);
    const sets: string[] = [];
    for (const [name, value] of want) {
      if (have.get(name) !== value) sets.push(`set_config(${escapeLiteral(name)}, ${escapeLiteral(value)}, false)`);
    }
    if (sets.length) statements.push(`SELECT ${sets.join(", ")}`);
    this.counters.sessionSwitches++;
    const out = await this.exec(queryMessage(statements.join("; ")));
    const err = firstError(out);
    if (err) {
      // Some statements may have run: learn what is actually in effect.
      this.applied = await this.readSessionSettings();
      return err;
    }
    this.applied = new Map(want);
    return null;
  }

  /** Records the owner's settings as they are now (after it ran SET/RESET/set_config). */
  async snapshot(conn: Connection): Promise<void> {
    this.counters.sessionSwitches++;
    const settings = await this.readSessionSettings();
    conn.settings = settings;
    conn.dirty = false;
    this.applied = new Map(settings);
  }

  async readSessionSettings(): Promise<Map<string, string>> {
    let sql = "SELECT name, current_setting(name) FROM pg_settings WHERE source = 'session'";
    if (this.customSettings.size > 0) {
      const names = [...this.customSettings].map(escapeLiteral).join(", ");
      sql +=
        ` UNION ALL SELECT n, current_setting(n, true) FROM unnest(ARRAY[${names}]::text[]) AS n` +
        " WHERE coalesce(current_setting(n, true), '') <> ''";
    }
    const out = await this.exec(queryMessage(sql));
    const err = firstError(out);
    if (err) throw new Error(`reading session settings failed: ${err.M ?? "unknown error"}`);
    const settings = new Map<string, string>();
    for (const [name, value] of dataRows(out)) {
      if (typeof name === "string" && typeof value === "string") settings.set(name, value);
    }
    return settings;
  }

  // ------------------------------------------------------------------------------- timers

  private tick(): void {
    const now = Date.now();
    const owner = this.owner;
    if (owner && owner.waitingSince > 0 && !owner.closing) {
      const idleInTx = owner.status !== "I" && !owner.midExtended && !owner.hasPartialMessage();
      const limit = idleInTx ? this.idleInTransactionTimeoutMs : this.stalledMessageTimeoutMs;
      if (now - owner.waitingSince > limit) {
        this.counters.timeouts++;
        if (idleInTx) {
          this.log.warn({ conn: owner.id }, "embedded db: idle-in-transaction timeout, disconnecting client");
          owner.fatal({
            severity: "FATAL",
            code: "25P03",
            message: "terminating connection due to idle-in-transaction timeout",
          });
        } else {
          this.log.warn({ conn: owner.id }, "embedded db: client stalled mid-protocol, disconnecting it");
          owner.fatal({
            severity: "FATAL",
            code: "08P01",
            message: "terminating connection: client stalled in the middle of a protocol exchange",
            hint: "A client sent Parse/Bind/Execute without Sync, or part of a message, and then stopped.",
          });
        }
      }
    }
    for (const c of this.conns) {
      if (c.phase !== "ready" && !c.closing && now - c.openedAt > this.startupTimeoutMs) {
        this.counters.timeouts++;
        const message = c.phase === "startup" ? "timeout waiting for the startup packet" : "canceling authentication due to timeout";
        c.fatal({ severity: "FATAL", code: "08P01", message });
      }
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.ticker) clearInterval(this.ticker);
    this.unsubscribe?.();
    const server = this.server;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    const done = [...this.conns].map((c) => {
      // Connections with nothing in flight are closed quietly (clients that are ending their
      // pools would otherwise get an error event); the others are told why.
      if (c.isQuiet()) c.closeQuietly();
      else c.fatal({ severity: "FATAL", code: "57P01", message: "terminating connection: the embedded database is shutting down" });
      return c.finished;
    });
    await Promise.race([Promise.all(done), new Promise((r) => setTimeout(r, 5000).unref())]);
    for (const c of this.conns) c.destroy();
    await closed;
  }

  /** Takes a waiting connection out of the queue (its acquire resolves false). */
  dequeue(conn: Connection): void {
    const i = this.queue.findIndex((w) => w.conn === conn);
    if (i < 0) return;
    const [waiter] = this.queue.splice(i, 1);
    waiter!.grant(false);
  }
}

/** Case-insensitive lookup (setting names are case-insensitive: DateStyle = datestyle). */
function settingFor(settings: Map<string, string>, name: string): string | undefined {
  const exact = settings.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of settings) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function normalizeEncoding(value: string): string {
  const v = value.toUpperCase().replace(/[-_\s]/g, "");
  return v === "UNICODE" ? "UTF8" : v;
}

function sameSettings(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** startup: waiting for StartupMessage; auth: in the SCRAM exchange; ready: authenticated. */
type Phase = "startup" | "auth" | "ready";

/** PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH: longer SASL messages are refused. */
const MAX_AUTH_MESSAGE_LENGTH = 65535;

class Connection {
  phase: Phase = "startup";
  /** Unconsumed client bytes are buf[off..]. */
  private buf: Buffer = Buffer.alloc(0);
  private off = 0;
  /** Desired session settings (name -> value) of this connection. */
  settings = new Map<string, string>();
  /** Ran a statement that may change settings since it last acquired PGlite. */
  dirty = false;
  /** Startup parameters not yet applied (so not yet known to be valid). */
  unverifiedSettings = false;
  /** Client statement name -> backend statement name. */
  private readonly statements = new Map<string, string>();
  private hashedNames = 0;
  /** Last transaction status PGlite reported to this connection. */
  status: TxStatus = "I";
  /** Sent extended-protocol messages after its last Sync. */
  midExtended = false;
  /** A Parse mentioning STDIN passed the scanner: guard its Executes with CopyFail. */
  private stdinRisk = false;
  closing = false;
  /** The engine failed under this connection: its session is gone, nothing is left to clean up. */
  private lost = false;
  private pumping = false;
  unlockDb: (() => void) | null = null;
  /** When the owner started waiting for this client (0 = not waiting). */
  waitingSince = 0;
  readonly openedAt = Date.now();
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private readonly secret = (Math.random() * 0x7fffffff) | 0;
  /** The startup packet's user and the SCRAM exchange in progress (phase "auth"). */
  private user = "";
  private scram: ScramExchange | null = null;
  private scramStarted = false;

  constructor(
    private readonly proxy: WireProxy,
    readonly id: number,
    private readonly socket: Socket,
  ) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (err) => this.proxy.log.debug({ err, conn: id }, "embedded db: client socket error"));
    socket.on("close", () => {
      this.closing = true;
      // Waiting for PGlite only to clean up nothing: leave the queue now.
      if (this.statements.size === 0) this.proxy.dequeue(this);
      void this.pump();
    });
  }

  private get log(): WireLogger {
    return this.proxy.log;
  }

  private onData(chunk: Buffer): void {
    this.proxy.counters.bytesIn += chunk.length;
    if (this.waitingSince) this.waitingSince = Date.now();
    if (this.off >= this.buf.length && this.pending.length === 0) {
      this.buf = chunk;
      this.off = 0;
    } else {
      // A large message arrives in many chunks: collect them and join once it is complete,
      // rather than copying the growing buffer on every chunk.
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      const have = this.buf.length - this.off + this.pendingBytes;
      const need = this.bytesNeeded();
      if (need > 0 && have < need) return;
      this.buf = Buffer.concat([this.buf.subarray(this.off), ...this.pending], have);
      this.off = 0;
      this.pending = [];
      this.pendingBytes = 0;
    }
    if (!this.pumping) void this.pump();
  }

  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Size of the first buffered message if its header is buffered, else 0. */
  private bytesNeeded(): number {
    const avail = this.buf.length - this.off;
    if (this.phase === "startup") return avail >= 4 ? this.buf.readInt32BE(this.off) : 0;
    return avail >= 5 ? this.buf.readInt32BE(this.off + 1) + 1 : 0;
  }

  hasPartialMessage(): boolean {
    return this.off < this.buf.length || this.pendingBytes > 0;
  }

  private write(data: Uint8Array): void {
    if (data.length === 0 || this.socket.destroyed || !this.socket.writable) return;
    this.proxy.counters.bytesOut += data.length;
    this.socket.write(data);
  }

  destroy(): void {
    this.closing = true;
    this.socket.destroy();
  }

  /** Owner inside a transaction (not failed), between messages, waiting for its client. */
  idleInTransaction(): boolean {
    return this.status === "T" && !this.midExtended && !this.pumping && !this.closing && this.waitingSince > 0;
  }

  /** Not owning PGlite, not waiting for it, nothing buffered. */
  isQuiet(): boolean {
    return !this.pumping && this.proxy.owner !== this && !this.hasPartialMessage();
  }

  closeQuietly(): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
    void this.pump();
  }

  /** The engine failed (WireProxy.onEngineEvent): tell the client why and disconnect. */
  sessionLost(err: ErrorFields): void {
    this.lost = true;
    this.unlockDb = null;
    this.statements.clear();
    this.status = "I";
    this.midExtended = false;
    if (this.closing) {
      // Already on its way out (possibly waiting for the engine to clean up): nothing to tell.
      return;
    }
    this.fatal(err);
  }

  /** Sends an error and disconnects (rolling back and releasing PGlite if needed). */
  fatal(err: ErrorFields): void {
    if (this.closing) return;
    this.closing = true;
    if (!this.socket.destroyed) {
      this.write(errorResponse(err));
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 1000).unref();
    }
    void this.pump();
  }

  /** The event loop of this connection: serialized, re-entered on data/close. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let failure: unknown;
    try {
      for (;;) {
        if (this.closing) {
          await this.finish();
          return;
        }
        if (this.phase === "startup") {
          if (!(await this.handleStartup())) break;
          continue;
        }
        if (this.phase === "auth") {
          if (!this.handleAuth()) break;
          continue;
        }
        if (!this.hasCompleteMessage()) {
          if (this.proxy.owner === this && this.status === "I" && !this.midExtended) await this.proxy.release(this);
          break;
        }
        if (this.proxy.owner !== this) {
          if (this.buf[this.off] === F.Terminate) {
            // Goodbye from an idle connection: nothing to run (finish() cleans up).
            this.closing = true;
            this.socket.end();
            continue;
          }
          if (!(await this.proxy.acquire(this))) continue;
          if (this.closing) continue;
          const err = await this.proxy.applySettings(this);
          if (err && this.unverifiedSettings) {
            // An invalid startup parameter: PostgreSQL refuses such a connection.
            this.settings = new Map();
            this.dirty = false;
            this.fatal({ severity: "FATAL", code: err.C ?? "22023", message: err.M ?? "invalid startup parameter" });
          } else if (err) {
            this.log.warn({ conn: this.id, error: err.M }, "embedded db: could not restore session settings");
          }
          this.unverifiedSettings = false;
          continue;
        }
        this.waitingSince = 0;
        await this.runBatch();
        if (this.closing) continue;
        if (this.status === "I" && !this.midExtended) {
          // Idle: let the next connection in. Buffered messages (a pipelining client) wait their turn.
          if (!this.hasCompleteMessage() || this.proxy.queue.length > 0) await this.proxy.release(this);
        }
      }
      if (this.proxy.owner === this) this.waitingSince = Date.now();
    } catch (err) {
      failure = err;
    } finally {
      this.pumping = false;
    }
    if (failure === undefined && this.proxy.owner === this && this.idleInTransaction() && this.proxy.queue.length > 0) {
      this.proxy.serveWaitingPrepares();
    }
    if (failure instanceof EngineFailedError) {
      // onEngineEvent already told the client; finish the disconnect.
      if (this.closing) void this.pump();
      else this.fatal({ severity: "FATAL", code: "57P01", message: `terminating connection: ${failure.message}` });
    } else if (failure !== undefined) {
      this.log.error({ err: failure, conn: this.id }, "embedded db: connection failed");
      if (this.closing) void this.pump();
      else this.fatal({ severity: "FATAL", code: "XX000", message: `embedded database proxy error: ${String(failure)}` });
    }
  }

  private hasCompleteMessage(): boolean {
    const avail = this.buf.length - this.off;
    if (avail < 5) return false;
    const len = this.buf.readInt32BE(this.off + 1);
    return len < 4 || avail >= len + 1; // a bad length counts as "complete" so it gets reported
  }

  // -------------------------------------------------------------------------------- startup

  /** Handles one startup-phase packet. Returns false when more bytes are needed. */
  private async handleStartup(): Promise<boolean> {
    const avail = this.buf.length - this.off;
    if (avail < 8) return false;
    const len = this.buf.readInt32BE(this.off);
    const code = this.buf.readInt32BE(this.off + 4);
    if (len < 8 || len > MAX_STARTUP_PACKET_LENGTH) {
      this.fatal({ severity: "FATAL", code: "08P01", message: "invalid length of startup packet" });
      return true;
    }
    if (avail < len) return false;
    const packet = this.buf.subarray(this.off, this.off + len);
    this.off += len;

    if (code === SSL_REQUEST_CODE || code === GSSENC_REQUEST_CODE) {
      this.write(Buffer.from("N"));
      return true;
    }
    if (code === CANCEL_REQUEST_CODE) {
      // Cancelling a query inside PGlite is not possible; close quietly like a server would.
      this.closing = true;
      this.socket.destroy();
      return true;
    }
    const engine = this.proxy.engineState();
    if (engine !== "up") {
      // As PostgreSQL answers while it recovers from a crash: clients retry later.
      this.fatal({
        severity: "FATAL",
        code: "57P03",
        message:
          engine === "failed"
            ? "the embedded database engine failed and could not be restarted; see the server's log"
            : "the embedded database is restarting after an engine failure (recovering from its write-ahead log); try again in a few seconds",
      });
      return true;
    }
    const major = code >>> 16;
    const minor = code & 0xffff;
    if (major !== 3) {
      this.fatal({
        severity: "FATAL",
        code: "0A000",
        message: `unsupported frontend protocol ${major}.${minor}: server supports 3.0 to 3.0`,
      });
      return true;
    }

    const params = new Map<string, string>();
    try {
      let p = 8;
      while (p < packet.length && packet[p] !== 0) {
        const [key, afterKey] = readCString(packet, p, packet.length);
        const [value, afterValue] = readCString(packet, afterKey, packet.length);
        params.set(key, value);
        p = afterValue;
      }
    } catch {
      this.fatal({ severity: "FATAL", code: "08P01", message: "invalid startup packet layout" });
      return true;
    }

    const replication = params.get("replication");
    if (replication !== undefined && !["false", "off", "no", "0"].includes(replication.toLowerCase())) {
      this.fatal({
        severity: "FATAL",
        code: "0A000",
        message: "replication connections are not supported by the embedded database server",
      });
      return true;
    }

    const unrecognized: string[] = [];
    const startupSettings = new Map<string, string>();
    for (const [key, value] of params) {
      if (key === "user" || key === "database" || key === "replication") continue;
      if (key.startsWith("_pq_.")) unrecognized.push(key);
      else if (key === "options") for (const [k, v] of parseOptions(value)) startupSettings.set(k, v);
      else startupSettings.set(key, value);
    }
    if (minor !== 0 || unrecognized.length > 0) this.write(negotiateProtocolVersion(0, unrecognized));

    // Settings equal to the server's defaults (node-postgres always sends client_encoding=UTF8)
    // need nothing. The others become this connection's session settings: applied when it first
    // owns PGlite (an invalid one then ends the connection with PostgreSQL's error), and
    // canonicalized by the snapshot taken when it releases PGlite. Startup never waits for
    // another connection's transaction.
    for (const [name, value] of startupSettings) {
      if (this.proxy.isDefault(name, value)) startupSettings.delete(name);
    }
    if (startupSettings.size > 0) {
      this.settings = startupSettings;
      this.dirty = true;
      this.unverifiedSettings = true;
    }

    const user = params.get("user");
    if (!user) {
      this.fatal({ severity: "FATAL", code: "28000", message: "no PostgreSQL user name specified in startup packet" });
      return true;
    }
    this.user = user;
    this.application = params.get("application_name");
    // Every user, known or not, goes through the same exchange (see ScramExchange).
    this.scram = new ScramExchange(this.proxy.verifier, user === this.proxy.user);
    this.write(authenticationSASL([SCRAM_MECHANISM]));
    this.phase = "auth";
    return true;
  }

  private application: string | undefined;

  /**
   * Handles one message of the SCRAM exchange (SASLInitialResponse, then SASLResponse).
   * Returns false when more bytes are needed.
   */
  private handleAuth(): boolean {
    if (this.buf.length - this.off < 5) return false;
    const type = this.buf[this.off]!;
    const len = this.buf.readInt32BE(this.off + 1);
    if (type === F.Terminate) {
      // A client without a password (psql before it prompts) hangs up here.
      this.closing = true;
      this.socket.end();
      return true;
    }
    // Checked on the header, before waiting for the rest: a client that has not authenticated
    // must not make the proxy buffer a large message.
    if (type !== F.SASLResponse || len < 4 || len > MAX_AUTH_MESSAGE_LENGTH) {
      this.fatal({
        severity: "FATAL",
        code: "08P01",
        message:
          type === F.SASLResponse ? `invalid SASL message length ${len}` : `expected SASL response, got message type ${type}`,
      });
      return true;
    }
    if (!this.hasCompleteMessage()) return false;
    const body = this.buf.subarray(this.off + 5, this.off + 1 + len);
    this.off += 1 + len;
    const scram = this.scram!;
    try {
      if (!this.scramStarted) {
        // SASLInitialResponse: mechanism, int32 length of the data (-1: none), data.
        const [mechanism, at] = readCString(body, 0, body.length);
        if (mechanism !== SCRAM_MECHANISM) {
          throw new ScramProtocolError("client selected an invalid SASL authentication mechanism");
        }
        const dataLength = at + 4 <= body.length ? body.readInt32BE(at) : -2;
        if (dataLength < 0 || at + 4 + dataLength !== body.length) throw new ScramProtocolError("malformed SASLInitialResponse");
        this.scramStarted = true;
        this.write(authenticationSASLContinue(scram.start(body.toString("utf8", at + 4))));
        return true;
      }
      const serverFinal = scram.finish(body.toString("utf8"));
      if (serverFinal === null) {
        this.log.warn(
          { conn: this.id, user: this.user, remote: this.socket.remoteAddress },
          "embedded db: password authentication failed",
        );
        this.fatal({ severity: "FATAL", code: "28P01", message: `password authentication failed for user "${this.user}"` });
        return true;
      }
      this.scram = null;
      this.authenticated(serverFinal);
      return true;
    } catch (err) {
      const message = err instanceof ScramProtocolError ? err.message : "malformed SASL message";
      this.fatal({ severity: "FATAL", code: "08P01", message });
      return true;
    }
  }

  /** Ends the startup: SASLFinal, AuthenticationOk, parameters, key data, ReadyForQuery. */
  private authenticated(serverFinal: string): void {
    const out: Buffer[] = [authenticationSASLFinal(serverFinal), authenticationOk()];
    for (const [name, base] of this.proxy.baseParameters) {
      out.push(parameterStatus(name, settingFor(this.settings, name) ?? base));
    }
    out.push(backendKeyData(this.id, this.secret), readyForQuery("I"));
    this.write(Buffer.concat(out));
    this.phase = "ready";
    if (this.off >= this.buf.length) {
      this.buf = EMPTY;
      this.off = 0;
    }
    this.log.debug({ conn: this.id, user: this.user, application: this.application }, "embedded db: client connected");
  }

  // -------------------------------------------------------------------------------- batches

  /** Sends every complete buffered message (up to MAX_BATCH_BYTES) to PGlite in one call. */
  private async runBatch(): Promise<void> {
    const buf = this.buf;
    const start = this.off;
    let p = start;
    let runStart = start; // start of the current run of unmodified bytes
    let chunks: Buffer[] | null = null; // null while nothing was rewritten
    let count = 0;
    let terminate = false;
    let violation: ErrorFields | null = null;
    let midExtended = this.midExtended;
    let dirty = false;

    const rewrite = (msgStart: number, msgEnd: number, replacement: Buffer[]) => {
      chunks ??= [];
      if (msgStart > runStart) chunks.push(buf.subarray(runStart, msgStart));
      chunks.push(...replacement);
      runStart = msgEnd;
    };

    while (buf.length - p >= 5 && p - start < MAX_BATCH_BYTES) {
      const type = buf[p]!;
      const len = buf.readInt32BE(p + 1);
      if (len < 4 || len > MAX_MESSAGE_LENGTH) {
        violation = { severity: "FATAL", code: "08P01", message: `invalid message length ${len}` };
        break;
      }
      const end = p + 1 + len;
      if (end > buf.length) break;
      const body = buf.subarray(p + 5, end);

      switch (type) {
        case F.Sync:
          midExtended = false;
          break;
        case F.Flush:
        case F.Execute:
          midExtended = true;
          if (type === F.Execute && this.stdinRisk) rewrite(p, end, [buf.subarray(p, end), copyFailMessage("COPY FROM STDIN is not supported")]);
          break;
        case F.FunctionCall:
          midExtended = false;
          break;
        case F.Query: {
          midExtended = false;
          const sql = body.toString("utf8", 0, Math.max(0, body.length - 1));
          const scan = scanSql(sql);
          if (scan.sessionChange) dirty = true;
          this.noteCustom(scan);
          if (scan.reject) {
            this.proxy.counters.rejected++;
            rewrite(p, end, [queryMessage(rejectionSql(scan.reject))]);
          } else if (scan.mentionsStdin) {
            // Safety net: should a COPY FROM STDIN slip through, it fails instead of waiting forever.
            rewrite(p, end, [buf.subarray(p, end), copyFailMessage("COPY FROM STDIN is not supported")]);
          }
          break;
        }
        case F.Parse: {
          midExtended = true;
          const replaced = this.transformParse(body);
          if (replaced) rewrite(p, end, [replaced]);
          break;
        }
        case F.Bind: {
          midExtended = true;
          const [portal, afterPortal] = readCString(body, 0, body.length);
          const [stmt, afterStmt] = readCString(body, afterPortal, body.length);
          if (stmt !== "") {
            rewrite(p, end, [
              frontend(F.Bind, [cstring(portal), cstring(this.backendName(stmt, false)), body.subarray(afterStmt)]),
            ]);
          }
          break;
        }
        case F.Describe:
        case F.Close: {
          midExtended = true;
          const kind = body[0];
          if (kind === 0x53 /* S */) {
            const [stmt] = readCString(body, 1, body.length);
            if (stmt !== "") {
              const backendName = this.backendName(stmt, false);
              if (type === F.Close) this.statements.delete(stmt);
              rewrite(p, end, [frontend(type, [Buffer.from([kind]), cstring(backendName)])]);
            }
          }
          break;
        }
        case F.CopyData:
        case F.CopyDone:
        case F.CopyFail:
          // We never put PGlite in copy-in mode; these are leftovers of a refused COPY. Drop them.
          rewrite(p, end, []);
          count--;
          break;
        case F.Terminate:
          terminate = true;
          break;
        default:
          violation = {
            severity: "FATAL",
            code: "08P01",
            message: `invalid frontend message type ${type} ('${String.fromCharCode(type)}')`,
          };
          break;
      }
      if (terminate || violation) break;
      count++;
      p = end;
    }

    // Consume what we took (the terminating/violating message included).
    this.off = p;
    if (this.off >= this.buf.length) {
      this.buf = EMPTY;
      this.off = 0;
    }

    let input: Buffer;
    if (chunks === null) input = buf.subarray(start, p);
    else {
      const c = chunks as Buffer[];
      if (p > runStart) c.push(buf.subarray(runStart, p));
      input = c.length === 1 ? c[0]! : Buffer.concat(c);
    }

    if (dirty) this.dirty = true;
    if (input.length > 0) {
      this.proxy.counters.batches++;
      this.proxy.counters.messages += count;
      const out = await this.proxy.exec(input);
      this.midExtended = midExtended;
      const status = trailingReadyStatus(out);
      if (status) this.status = status;
      this.write(out);
    }
    if (terminate) {
      this.closing = true;
      this.socket.end();
    } else if (violation) {
      this.fatal(violation);
    }
  }

  /**
   * Renames a named statement and replaces a rejected statement's text. Returns the new Parse
   * message, or null when the original can go as is. Marks the connection dirty when the
   * statement may change settings (it may run in a later round: dirty lasts until a release).
   */
  private transformParse(body: Buffer): Buffer | null {
    const [name, afterName] = readCString(body, 0, body.length);
    const [sql, afterSql] = readCString(body, afterName, body.length);
    const scan = scanSql(sql);
    let newSql: string | null = null;
    if (scan.sessionChange) this.dirty = true;
    this.noteCustom(scan);
    if (scan.reject) {
      this.proxy.counters.rejected++;
      newSql = rejectionSql(scan.reject);
    } else if (scan.mentionsStdin) {
      this.stdinRisk = true;
    }
    if (name === "" && newSql === null) return null;
    const backendName = name === "" ? "" : this.backendName(name, true);
    return frontend(F.Parse, [cstring(backendName), cstring(newSql ?? sql), body.subarray(afterSql)]);
  }

  /**
   * If this (waiting) connection's complete buffered input is exactly one named Parse and a
   * Sync (libpq's PQprepare), takes it and returns the Parse to run; otherwise null.
   */
  takePrepareRound(): Buffer | null {
    if (this.closing || this.phase !== "ready" || this.pumping === false) return null;
    const buf = this.buf;
    const p = this.off;
    if (buf.length - p < 5 || buf[p] !== F.Parse) return null;
    const len = buf.readInt32BE(p + 1);
    const parseEnd = p + 1 + len;
    if (len < 4 || parseEnd + 5 > buf.length || buf[parseEnd] !== F.Sync || buf.readInt32BE(parseEnd + 1) !== 4) return null;
    const syncEnd = parseEnd + 5;
    // Nothing complete after the Sync.
    if (buf.length - syncEnd >= 5 && buf.length - syncEnd >= buf.readInt32BE(syncEnd + 1) + 1) return null;
    const body = buf.subarray(p + 5, parseEnd);
    if (body[0] === 0) return null; // unnamed: it would be gone by the time the client uses it
    let parse: Buffer;
    try {
      parse = this.transformParse(body) ?? buf.subarray(p, parseEnd);
    } catch {
      return null;
    }
    this.off = syncEnd;
    if (this.off >= this.buf.length) {
      this.buf = EMPTY;
      this.off = 0;
    }
    return parse;
  }

  /** Writes a side-channel answer (see WireProxy.serveWaitingPrepares). */
  answer(out: Buffer): void {
    this.write(out);
  }

  private noteCustom(scan: SqlScan): void {
    for (const name of scan.customSettings) this.proxy.customSettings.add(name);
  }

  /** The per-connection backend name of a client's named prepared statement. */
  private backendName(name: string, create: boolean): string {
    const known = this.statements.get(name);
    if (known !== undefined) return known;
    let backend = `sb${this.id}.${name}`;
    // PostgreSQL truncates statement names to 63 bytes: long names get a short unique one.
    if (Buffer.byteLength(backend) > 63) backend = `sb${this.id}#${++this.hashedNames}`;
    if (create) this.statements.set(name, backend);
    return backend;
  }

  // ---------------------------------------------------------------------------- disconnect

  /** Rolls back, closes this connection's statements, releases PGlite, forgets the connection. */
  private async finish(): Promise<void> {
    try {
      if (this.lost) return; // the engine's crash recovery rolled back what this session had
      const owns = this.proxy.owner === this;
      const needsRollback = owns && (this.status !== "I" || this.midExtended);
      if (owns || this.statements.size > 0) {
        if (!owns) await this.proxy.acquire(this); // a closing connection is never served on the side
        const parts: Buffer[] = [];
        if (needsRollback) {
          // Q ROLLBACK aborts a transaction (explicit or the implicit one of an unsynced
          // extended exchange); if PostgreSQL is skipping messages until Sync after an error,
          // Q is skipped, Sync ends the exchange and the second ROLLBACK ends the transaction.
          parts.push(queryMessage("ROLLBACK"), syncMessage(), queryMessage("ROLLBACK"));
          this.proxy.counters.rollbacks++;
        }
        if (this.statements.size > 0) {
          for (const backend of this.statements.values()) parts.push(closeStatementMessage(backend));
          parts.push(syncMessage());
          this.statements.clear();
        }
        if (parts.length > 0) {
          const out = await this.proxy.exec(Buffer.concat(parts));
          let status = trailingReadyStatus(out);
          if (status !== "I") {
            this.log.error({ conn: this.id, status }, "embedded db: cleanup did not leave PGlite idle; retrying");
            status = trailingReadyStatus(await this.proxy.exec(Buffer.concat([syncMessage(), queryMessage("ROLLBACK")])));
          }
          if (needsRollback) this.log.info({ conn: this.id }, "embedded db: rolled back the transaction of a closed connection");
        }
        this.status = "I";
        this.midExtended = false;
        await this.proxy.release(this);
      }
    } catch (err) {
      if (!(err instanceof EngineFailedError)) this.log.error({ err, conn: this.id }, "embedded db: cleanup after disconnect failed");
      if (this.proxy.owner === this) await this.proxy.release(this).catch(() => {});
    } finally {
      if (!this.socket.destroyed) this.socket.destroy();
      this.proxy.forget(this);
      this.resolveFinished();
      this.log.debug({ conn: this.id }, "embedded db: client disconnected");
    }
  }
}

const EMPTY = Buffer.alloc(0);

function cstring(s: string): Buffer {
  const b = Buffer.from(s + "\0", "utf8");
  return b;
}

function frontend(type: number, parts: Buffer[]): Buffer {
  const bodyLength = parts.reduce((n, b) => n + b.length, 0);
  const head = Buffer.allocUnsafe(5);
  head[0] = type;
  head.writeInt32BE(4 + bodyLength, 1);
  return Buffer.concat([head, ...parts], 5 + bodyLength);
}

/** Parses a startup `options` value: `-c name=value`, `--name=value`, backslash escapes spaces. */
export function parseOptions(options: string): [string, string][] {
  const words: string[] = [];
  let cur = "";
  let has = false;
  for (let i = 0; i < options.length; i++) {
    const ch = options[i]!;
    if (ch === "\\" && i + 1 < options.length) {
      cur += options[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) words.push(cur);
      cur = "";
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) words.push(cur);
  const out: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    if (w === "-c" && i + 1 < words.length) w = words[++i]!;
    else if (w.startsWith("-c")) w = w.slice(2);
    else if (w.startsWith("--")) w = w.slice(2);
    else continue;
    const eq = w.indexOf("=");
    if (eq <= 0) continue;
    out.push([w.slice(0, eq).replace(/-/g, "_"), w.slice(eq + 1)]);
  }
  return out;
}
