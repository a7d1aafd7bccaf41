/**
 * Applies `prisma/migrations/<name>/migration.sql` in name order and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same sha256 checksum),
 * so an operator can switch between this migrator and Prisma's CLI at any time.
 *
 * Every migration runs in its own transaction that first takes a transaction-level advisory lock
 * (the key Prisma's schema engine uses for its session lock, so the two exclude each other on a
 * real server). Inside the lock the history is re-read, so two migrators started together apply
 * each migration exactly once. A session-level lock would not do: the embedded server serves every
 * connection from one PGlite backend session, where a session lock never blocks anybody; there the
 * wire proxy serializes whole transactions instead.
 *
 * Differences from `prisma migrate deploy`, all stricter or safer:
 * - an applied migration whose file changed is refused ({@link MigrationChecksumError});
 * - a migration that fails is rolled back as a whole (it ran in a transaction) and recorded with
 *   `rolled_back_at` set, so it blocks nothing and is retried by the next run once fixed. Rows that
 *   Prisma itself left unfinished (finished_at and rolled_back_at null) are refused like Prisma does
 *   ({@link FailedMigrationsError}); resolve them with `prisma migrate resolve`.
 * Migrations therefore must be transactional (no `CREATE INDEX CONCURRENTLY`, no BEGIN/COMMIT).
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";

export interface MigratorLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface MigrateOptions {
  connectionString: string;
  /** Defaults to `<cwd>/prisma/migrations`. */
  migrationsDir?: string;
  logger?: MigratorLogger;
}

export interface MigrateResult {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  skipped: string[];
}

/** Anything that can run a query and return its rows: pg.Client, pg.Pool, pg.PoolClient, the app's Prisma client (health). */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** The key of Prisma's own migration lock (`pg_advisory_lock(72707369)` in the schema engine). */
export const MIGRATION_LOCK_KEY = 72707369;

export const MIGRATIONS_TABLE = "_prisma_migrations";

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An applied migration's file no longer matches the checksum recorded when it was applied. */
export class MigrationChecksumError extends MigrationError {
  constructor(
    readonly migrationName: string,
    readonly recordedChecksum: string,
    readonly fileChecksum: string,
  ) {
    super(
      `Migration \`${migrationName}\` was modified after it was applied (recorded checksum ${recordedChecksum}, ` +
        `file checksum ${fileChecksum}). Applied migrations must never change: restore the file and put the ` +
        `change in a new migration.`,
    );
  }
}

/** The history holds migrations that started and never finished (left by `prisma migrate deploy`). */
export class FailedMigrationsError extends MigrationError {
  constructor(readonly migrationNames: string[]) {
    super(
      `The database has failed migrations: ${migrationNames.map((n) => `\`${n}\``).join(", ")}. ` +
        `Fix the database, then mark them with \`prisma migrate resolve --rolled-back <name>\` ` +
        `(or --applied) before migrating again.`,
    );
  }
}

/** A migration's SQL failed; its transaction was rolled back, so the database is unchanged. */
export class MigrationFailedError extends MigrationError {
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(
      `Migration \`${migrationName}\` failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** migration_lock.toml names another provider. */
export class MigrationProviderError extends MigrationError {}

export interface MigrationFile {
  name: string;
  path: string;
  script: string;
  checksum: string;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

export function defaultMigrationsDir(): string {
  return resolve(process.cwd(), "prisma", "migrations");
}

/** sha256 hex of the script, as Prisma computes it (`render_checksum`). */
export function migrationChecksum(script: string | Buffer): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Whether the file matches a recorded checksum, tolerating CRLF/LF conversion and the
 * non-zero-padded checksums of old Prisma versions exactly like `script_matches_checksum`.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, "\n"), script.replace(/\n/g, "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const rendered =
      checksum.length !== 0 && checksum.length !== 64
        ? [...digest].map((byte) => byte.toString(16)).join("")
        : digest.toString("hex");
    return rendered === checksum;
  });
}

/** Names of the migration directories (those holding a migration.sql), in apply order. */
export function listMigrationNames(migrationsDir: string = defaultMigrationsDir()): string[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

export function readMigrations(migrationsDir: string = defaultMigrationsDir()): MigrationFile[] {
  return listMigrationNames(migrationsDir).map((name) => {
    const path = join(migrationsDir, name, "migration.sql");
    const bytes = readFileSync(path);
    return { name, path, script: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
  });
}

function checkLockfile(migrationsDir: string): void {
  const lockfile = join(migrationsDir, "migration_lock.toml");
  if (!existsSync(lockfile) || !statSync(lockfile).isFile()) return;
  const line = readFileSync(lockfile, "utf8")
    .split(/\r?\n/)
    .find((l) => l.startsWith("provider"));
  const provider = line?.replace(/^provider\s*=\s*/, "").replace(/^"|"$/g, "").trim();
  if (provider !== "postgresql") {
    throw new MigrationProviderError(
      `${lockfile} names provider ${JSON.stringify(provider ?? "<none>")}, but this database is postgresql`,
    );
  }
}

const isApplied = (row: MigrationRow) => row.finished_at !== null && row.rolled_back_at === null;
const isFailed = (row: MigrationRow) => row.finished_at === null && row.rolled_back_at === null;

/** Refuses failed history rows and edited applied migrations; warns about vanished directories. */
function validateHistory(rows: MigrationRow[], files: MigrationFile[], logger: MigratorLogger, warned: Set<string>) {
  const failed = rows.filter(isFailed).map((row) => row.migration_name);
  if (failed.length > 0) throw new FailedMigrationsError([...new Set(failed)]);
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of rows.filter(isApplied)) {
    const file = byName.get(row.migration_name);
    if (!file) {
      if (!warned.has(row.migration_name)) {
        warned.add(row.migration_name);
        logger.warn(
          `migration \`${row.migration_name}\` is applied in the database but its directory is missing from the migrations directory`,
        );
      }
      continue;
    }
    if (!scriptMatchesChecksum(file.script, row.checksum)) {
      throw new MigrationChecksumError(row.migration_name, row.checksum, file.checksum);
    }
  }
}

const silentInfo: MigratorLogger = {
  info: () => {},
  warn: (message) => console.warn(`[migrate] ${message}`),
  error: (message) => console.error(`[migrate] ${message}`),
};

/** Applies every pending migration. Throws a {@link MigrationError} subclass on refusal or failure. */
export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir();
  const logger = opts.logger ?? silentInfo;
  checkLockfile(migrationsDir);
  const files = readMigrations(migrationsDir);
  if (files.length === 0) logger.warn(`no migrations found in ${migrationsDir}`);

  const client = new pg.Client({ connectionString: opts.connectionString, application_name: "switchboard-migrator" });
  client.on("error", (error) => logger.error(`connection error: ${error.message}`));
  client.on("notice", () => {}); // "extension already exists, skipping" and the like
  await client.connect();

  const applied: string[] = [];
  const skipped: string[] = [];
  const warned = new Set<string>();
  try {
    for (const file of files) {
      await client.query("BEGIN");
      let inTransaction = true;
      try {
        await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
        await client.query(CREATE_MIGRATIONS_TABLE);
        const { rows } = await client.query<MigrationRow>(
          `SELECT "id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at"
             FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"`,
        );
        validateHistory(rows, files, logger, warned);
        if (rows.some((row) => row.migration_name === file.name && isApplied(row))) {
          await client.query("COMMIT");
          inTransaction = false;
          skipped.push(file.name);
          continue;
        }

        const startedAt = new Date();
        try {
          await client.query(file.script);
        } catch (error) {
          await client.query("ROLLBACK");
          inTransaction = false;
          await recordRolledBack(client, file, startedAt, error, logger);
          throw new MigrationFailedError(file.name, error);
        }
        await client.query(
          `INSERT INTO "_prisma_migrations"
             ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
           VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), file.checksum, file.name, startedAt],
        );
        await client.query("COMMIT");
        inTransaction = false;
        applied.push(file.name);
        logger.info(`applied migration ${file.name}`);
      } finally {
        if (inTransaction) await client.query("ROLLBACK").catch(() => {});
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
  return { applied, skipped };
}

/** Keeps a trace of the failure in the history without blocking later runs (rolled_back_at set). */
async function recordRolledBack(
  client: pg.Client,
  file: MigrationFile,
  startedAt: Date,
  error: unknown,
  logger: MigratorLogger,
): Promise<void> {
  const logs = error instanceof Error ? `${error.message}\n\nThe migration ran in a transaction and was rolled back.` : String(error);
  try {
    // The table may have been created by the transaction that was just rolled back.
    await client.query(CREATE_MIGRATIONS_TABLE);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
       VALUES ($1, $2, NULL, $3, $4, clock_timestamp(), $5, 0)`,
      [randomUUID(), file.checksum, file.name, logs, startedAt],
    );
  } catch (recordError) {
    logger.error(
      `could not record the failure of ${file.name}: ${recordError instanceof Error ? recordError.message : String(recordError)}`,
    );
  }
}

/**
 * Names of the migrations on disk that the database has not applied (cheap: a directory listing
 * and one indexed-size query; no file is read). Accepts a connection string or an open client/pool.
 */
export async function pendingMigrations(
  connection: string | Queryable,
  migrationsDir: string = defaultMigrationsDir(),
): Promise<string[]> {
  const names = listMigrationNames(migrationsDir);
  if (typeof connection === "string") {
    const client = new pg.Client({ connectionString: connection, application_name: "switchboard-migrator" });
    client.on("error", () => {});
    await client.connect();
    try {
      return await pendingFrom(client, names);
    } finally {
      await client.end().catch(() => {});
    }
  }
  return pendingFrom(connection, names);
}

async function pendingFrom(db: Queryable, names: string[]): Promise<string[]> {
  const exists = await db.query<{ exists: boolean }>(
    `SELECT to_regclass('"${MIGRATIONS_TABLE}"') IS NOT NULL AS "exists"`,
  );
  if (!exists.rows[0]?.exists) return names;
  const { rows } = await db.query<{ migration_name: string }>(
    `SELECT DISTINCT "migration_name" FROM "${MIGRATIONS_TABLE}"
      WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  return names.filter((name) => !applied.has(name));
}
