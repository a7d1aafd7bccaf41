/**
 * The embedded database's password. The wire proxy listens on 127.0.0.1, but any local user or
 * process (or a browser page doing DNS rebinding against a loopback port) could otherwise read
 * every table: so it requires a password, generated once per installation and kept beside the
 * data directory (`.data/embedded-db-password` for the default `.data/pglite`), readable by its
 * owner only. run.ts hands it to the app and the worker inside DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

/** The one user name the proxy accepts. */
export const EMBEDDED_DB_USER = "switchboard";

export function passwordFileFor(dataDir: string): string {
  return join(dirname(dataDir), "embedded-db-password");
}

/** 32 random bytes, base64url: URL-safe, so it goes into a postgresql:// URL as is. */
export function generatePassword(): string {
  return randomBytes(32).toString("base64url");
}

/** Reads the password file beside `dataDir`, creating it (mode 0600) on first use. */
export function embeddedDbPassword(dataDir: string): { password: string; file: string } {
  const file = passwordFileFor(dataDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(file, "wx", 0o600);
    try {
      writeSync(fd, generatePassword() + "\n");
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  // An older or hand-made file may be readable by others: tighten it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const password = readFileSync(file, "utf8").trim();
  if (!password) throw new Error(`The embedded database password file ${file} is empty: delete it to generate a new password.`);
  return { password, file };
}
