/**
 * With DATABASE_URL set, Switchboard runs on the operator's own PostgreSQL, and db:backup /
 * db:restore print how to use PostgreSQL's own tools instead of running them. Why not run them:
 * pg_dump must be at least as new as the server (a distribution's pg_dump often is not, and
 * refuses), the server may be managed (with snapshots and point-in-time recovery of its own), and
 * a restore into a production database is a decision to make with the commands in front of you.
 * The commands never contain the password: they read "$DATABASE_URL" from the shell.
 */
import { BackupError } from "./backup-manifest";

export function realPostgresInstructions(action: "backup" | "restore", recordings: string): string {
  const dump = "switchboard-$(date -u +%Y%m%d-%H%M%S).dump";
  const lines =
    action === "backup"
      ? [
          "DATABASE_URL points at your own PostgreSQL: back it up with pg_dump (version ≥ the server's), e.g.",
          `  pg_dump --format=custom --no-owner --file=${dump} "$DATABASE_URL"`,
          "It copies a consistent snapshot while Switchboard runs (schema, data, the pg-boss queues).",
        ]
      : [
          "DATABASE_URL points at your own PostgreSQL: restore with pg_restore into an EMPTY database",
          "(with the vector and pg_trgm extensions available), with Switchboard stopped, e.g.",
          '  createdb switchboard_restored && pg_restore --no-owner --exit-on-error --single-transaction --dbname="postgresql://…/switchboard_restored" switchboard-….dump',
          "then point DATABASE_URL at it and start Switchboard (newer migrations apply on start).",
        ];
  return [...lines, `Recordings: ${recordings}`, "See README.md, section Backups."].join("\n");
}

export function realPostgresError(action: "backup" | "restore", recordings: string): BackupError {
  return new BackupError("real_postgres", realPostgresInstructions(action, recordings));
}
