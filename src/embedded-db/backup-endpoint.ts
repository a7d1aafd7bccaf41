/**
 * Online backups: how `npm run db:backup` gets a consistent copy of the embedded database while
 * Switchboard (or `npm run db:server`) has it open.
 *
 * Only the process holding the data directory may read it (see data-dir-lock.ts), so that process
 * makes the copy: PGlite's dumpDataDir waits for PGlite's query mutex, which the wire proxy holds
 * for as long as a client is inside a transaction, so the copy is taken between transactions and
 * holds every committed one and nothing else. (A logical dump over the wire could not do better:
 * PGlite is one backend, so a REPEATABLE READ transaction spanning a whole dump would stall every
 * other client for as long, and the schema would have to be rebuilt by hand.)
 *
 * The running process listens on 127.0.0.1 on a random port and writes `<dataDir>.backup-endpoint`
 * (beside the lock file, mode 0600) with its pid, port and a random token; a client proves it may
 * read that file by sending the token. Anyone who can read the file can read the data directory
 * itself, so this grants nothing new.
 *
 * Protocol: the client sends `<token>\n`; the server answers one JSON line, `{"ok":true,"bytes":N}`
 * followed by N bytes (the data directory as an uncompressed tar, PGlite's dumpDataDir("none")),
 * or `{"ok":false,"error":"…"}`, then closes.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { z } from "zod";

export interface OnlineBackupLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OnlineBackupEndpoint {
  /** The endpoint file (`<dataDir>.backup-endpoint`). */
  file: string;
  port: number;
  /** Stops listening and removes the endpoint file. Idempotent. */
  close(): Promise<void>;
}

const endpointSchema = z.object({ pid: z.number().int(), port: z.number().int().min(1).max(65535), token: z.string().regex(/^[0-9a-f]{64}$/) });

/** How long a client may take to send its token. */
const TOKEN_TIMEOUT_MS = 5_000;

export function endpointFileFor(dataDir: string): string {
  return `${realpathSync(dataDir)}.backup-endpoint`;
}

/**
 * Serves copies of the data directory at `dataDir` (which this process must hold the lock of),
 * each made by `dump` (`() => server.db.dumpDataDir("none")`).
 */
export async function serveOnlineBackups(
  dataDir: string,
  dump: () => Promise<Blob>,
  logger?: OnlineBackupLogger,
): Promise<OnlineBackupEndpoint> {
  const file = endpointFileFor(dataDir);
  const token = randomBytes(32).toString("hex");
  const expected = Buffer.from(`${token}\n`);
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.setTimeout(TOKEN_TIMEOUT_MS, () => socket.destroy());
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < expected.length && !received.includes(0x0a)) return;
      socket.off("data", onData);
      socket.setTimeout(0);
      const authorized = received.length === expected.length && timingSafeEqual(received, expected);
      if (!authorized) {
        socket.end(JSON.stringify({ ok: false, error: "wrong token" }) + "\n");
        return;
      }
      void answer(socket);
    };
    socket.on("data", onData);
    socket.on("error", () => socket.destroy());
  });

  async function answer(socket: Socket): Promise<void> {
    const started = Date.now();
    try {
      const tar = Buffer.from(await (await dump()).arrayBuffer());
      if (socket.destroyed) return;
      socket.write(JSON.stringify({ ok: true, bytes: tar.byteLength }) + "\n");
      socket.end(tar);
      logger?.info({ bytes: tar.byteLength, ms: Date.now() - started }, "online backup: copy of the database sent");
    } catch (err) {
      logger?.error({ err }, "online backup: could not copy the database");
      socket.end(JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) }) + "\n");
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ pid: process.pid, port, token }) + "\n", { mode: 0o600 });
  renameSync(temp, file);

  let closing: Promise<void> | null = null;
  return {
    file,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (readEndpoint(file)?.token === token) rmSync(file, { force: true });
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

function readEndpoint(file: string): z.infer<typeof endpointSchema> | null {
  try {
    const parsed = endpointSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class OnlineBackupUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OnlineBackupUnavailableError";
  }
}

/**
 * Asks the process holding `dataDir` for a copy of it (a tar). Throws OnlineBackupUnavailableError
 * when it has no endpoint (an older Switchboard, or a process that does not serve one) or does not
 * answer within `timeoutMs` of silence (the copy waits for open transactions to end).
 */
export async function requestOnlineDump(dataDir: string, { timeoutMs = 5 * 60_000 } = {}): Promise<Buffer<ArrayBuffer>> {
  const file = endpointFileFor(dataDir);
  const endpoint = readEndpoint(file);
  if (!endpoint) throw new OnlineBackupUnavailableError(`no online backup endpoint (${file} is missing)`);

  return new Promise<Buffer<ArrayBuffer>>((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port: endpoint.port });
    const chunks: Buffer[] = [];
    let received = 0;
    let header: { ok: true; bytes: number } | null = null;
    const fail = (message: string, cause?: unknown) => {
      socket.destroy();
      reject(new OnlineBackupUnavailableError(message, { cause }));
    };
    socket.setTimeout(timeoutMs, () => fail(`the database process sent nothing for ${Math.round(timeoutMs / 1000)} s`));
    socket.once("connect", () => socket.write(`${endpoint.token}\n`));
    socket.on("error", (err) => fail(`could not reach the backup endpoint on port ${endpoint.port}: ${err.message}`, err));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (header) return;
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(0x0a);
      if (newline < 0) {
        if (all.length > 4096) fail("the backup endpoint answered something else");
        return;
      }
      let parsed: { ok?: unknown; bytes?: unknown; error?: unknown };
      try {
        parsed = JSON.parse(all.subarray(0, newline).toString("utf8")) as typeof parsed;
      } catch (err) {
        return fail("the backup endpoint answered something else", err);
      }
      if (parsed.ok !== true || typeof parsed.bytes !== "number") {
        return fail(`the database process could not make a copy: ${String(parsed.error ?? "no reason given")}`);
      }
      header = { ok: true, bytes: parsed.bytes };
      chunks.length = 0;
      chunks.push(all.subarray(newline + 1));
      received = all.length - newline - 1;
    });
    socket.on("end", () => {
      if (!header) return fail("the backup endpoint closed the connection without an answer");
      if (received !== header.bytes) return fail(`the copy was cut short (${received} of ${header.bytes} bytes)`);
      resolve(Buffer.concat(chunks));
    });
  });
}
