/**
 * Writing and reading the backup archive (layout in backup-manifest.ts).
 *
 * Written atomically: into a hidden temporary file beside the target, flushed to disk, then
 * renamed over it, so an interrupted backup never leaves a truncated file under the final name
 * (nor replaces a good older backup with one).
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { extract as createExtract, pack as createPack, type Header, type Pack } from "tar-stream";
import { assertValidKey } from "~/server/storage/keys";
import {
  BackupError,
  DATABASE_ENTRY,
  MANIFEST_ENTRY,
  MAX_MANIFEST_BYTES,
  RECORDINGS_PREFIX,
  backupManifestSchema,
  type BackupManifest,
} from "./backup-manifest";

export interface RecordingFile {
  key: string;
  path: string;
  bytes: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes the archive to `outFile` (atomically). Returns its size in bytes. */
export async function writeBackupArchive(
  outFile: string,
  manifest: BackupManifest,
  database: Uint8Array,
  recordings: RecordingFile[],
  onRecording?: (done: number) => void,
): Promise<number> {
  await mkdir(dirname(outFile), { recursive: true, mode: 0o700 });
  const temp = join(dirname(outFile), `.${basename(outFile)}.${randomBytes(6).toString("hex")}.tmp`);
  const pack = createPack();
  // Owner-only: the archive holds every user's data and password hashes.
  const writing = pipeline(pack, createGzip(), createWriteStream(temp, { flags: "wx", mode: 0o600 }));
  // Awaited below; a failure while entries are added surfaces there or through the entry itself.
  writing.catch(() => undefined);
  try {
    const mtime = new Date(manifest.createdAt);
    const header = (name: string, size: number): EntryHeader => ({ name, size, mode: 0o600, mtime, type: "file" });
    await addBuffer(pack, header(MANIFEST_ENTRY, 0), Buffer.from(JSON.stringify(manifest, null, 2) + "\n"));
    await addBuffer(pack, header(DATABASE_ENTRY, database.byteLength), database);
    let done = 0;
    for (const file of recordings) {
      const entry = pack.entry(header(RECORDINGS_PREFIX + file.key, file.bytes));
      await pipeline(createReadStream(file.path), entry).catch((error: unknown) => {
        const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "was deleted" : "changed";
        throw new Error(`The recording ${file.key} ${why} while the backup was being written; run the backup again.`, {
          cause: error,
        });
      });
      onRecording?.(++done);
    }
    pack.finalize();
    await writing;
    await syncFile(temp);
    await rename(temp, outFile);
    await syncFile(dirname(outFile));
    return (await stat(outFile)).size;
  } catch (error) {
    pack.destroy();
    await writing.catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

type EntryHeader = Partial<Header> & Pick<Header, "name">;

function addBuffer(pack: Pack, header: EntryHeader, body: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ ...header, size: body.byteLength }, body, (error) => (error ? reject(error) : resolve()));
  });
}

/** Flushes a file (before the rename) or a directory (so the rename survives a power cut). */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the file itself is on disk by then.
    if ((error as NodeJS.ErrnoException).code !== "EINVAL") throw error;
  } finally {
    await handle.close();
  }
}

export interface ArchiveHandlers {
  /** Called first, with the validated manifest; throw to stop before anything is extracted. */
  manifest(manifest: BackupManifest): void | Promise<void>;
  /** The database tarball, already checked against the manifest's size and sha256. */
  database(bytes: Buffer<ArrayBuffer>): void | Promise<void>;
  /** One recording (its key is valid and listed in the manifest); consume `body` fully. */
  recording(key: string, body: AsyncIterable<Uint8Array>, bytes: number): Promise<void>;
}

const invalid = (file: string, why: string, cause?: unknown) =>
  new BackupError("invalid_backup", `${file} is not a usable Switchboard backup: ${why}.`, { cause });

/** Reads and checks the archive entry by entry, handing each part to `handlers`. */
export async function readBackupArchive(file: string, handlers: ArchiveHandlers): Promise<BackupManifest> {
  const extract = createExtract();
  const reading = pipeline(createReadStream(file), createGunzip(), extract);
  // Surfaced through the loop below (a damaged gzip stream ends the iteration with its error).
  reading.catch(() => undefined);
  let manifest: BackupManifest | undefined;
  let sawDatabase = false;
  const expectedRecordings = new Map<string, number>();
  try {
    for await (const entry of extract) {
      const { name, type, size = 0 } = entry.header;
      if (type !== "file") throw invalid(file, `unexpected ${type ?? "unknown"} entry ${name}`);
      if (!manifest) {
        if (name !== MANIFEST_ENTRY) throw invalid(file, `its first entry is ${name}, not ${MANIFEST_ENTRY}`);
        if (size > MAX_MANIFEST_BYTES) throw invalid(file, "its manifest is too large");
        manifest = parseManifest(file, await readAll(entry));
        if (manifest.recordings.included) {
          for (const recording of manifest.recordings.files) expectedRecordings.set(recording.key, recording.bytes);
        }
        await handlers.manifest(manifest);
      } else if (name === DATABASE_ENTRY) {
        if (sawDatabase) throw invalid(file, `${DATABASE_ENTRY} appears twice`);
        sawDatabase = true;
        const bytes = await readAll(entry);
        if (bytes.byteLength !== manifest.database.bytes || sha256Hex(bytes) !== manifest.database.sha256) {
          throw invalid(file, `${DATABASE_ENTRY} does not match the manifest's size and checksum (damaged?)`);
        }
        await handlers.database(bytes);
      } else if (name.startsWith(RECORDINGS_PREFIX)) {
        const key = name.slice(RECORDINGS_PREFIX.length);
        try {
          assertValidKey(key);
        } catch (error) {
          throw invalid(file, `unsafe recording path ${JSON.stringify(name)}`, error);
        }
        const listed = expectedRecordings.get(key);
        if (listed === undefined) throw invalid(file, `recording ${key} is not in its manifest`);
        if (listed !== size) throw invalid(file, `recording ${key} has ${size} bytes, its manifest says ${listed}`);
        expectedRecordings.delete(key);
        // tar-stream entries are streamx Readables: async-iterable byte chunks.
        await handlers.recording(key, entry as AsyncIterable<Uint8Array>, size);
      } else {
        throw invalid(file, `unexpected entry ${name}`);
      }
    }
    await reading;
  } catch (error) {
    extract.destroy();
    if (error instanceof BackupError) throw error;
    throw invalid(file, error instanceof Error ? error.message : String(error), error);
  }
  if (!manifest) throw invalid(file, "it is empty");
  if (!sawDatabase) throw invalid(file, `${DATABASE_ENTRY} is missing`);
  if (expectedRecordings.size > 0) {
    throw invalid(file, `${expectedRecordings.size} recording(s) listed in its manifest are missing (e.g. ${[...expectedRecordings.keys()][0]})`);
  }
  return manifest;
}

function parseManifest(file: string, bytes: Buffer): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw invalid(file, "its manifest is not JSON", error);
  }
  const format = (json as { format?: unknown; formatVersion?: unknown } | null) ?? {};
  if (format.format === "switchboard-backup" && format.formatVersion !== 1) {
    throw invalid(file, `it is backup format version ${String(format.formatVersion)}; this Switchboard reads version 1`);
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalid(file, `its manifest is invalid (${first?.path.join(".") || "root"}: ${first?.message})`, parsed.error);
  }
  return parsed.data;
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
