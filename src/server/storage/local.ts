import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { Readable } from "node:stream";
import { assertValidKey, assertValidRange, contentTypeForKey } from "./keys";
import { meter } from "./meter";
import { StorageError, type ByteRange, type ObjectStat, type PutOptions, type RecordingStorage, type StorageBody, type StoredObject } from "./types";

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

/**
 * Recordings as plain files under `root` (`.data/recordings` by default).
 *
 * Content type: derived from the key's extension rather than kept in a sidecar file. The app's
 * keys always end in the recording format (`recordingKey`), and one file per object keeps the
 * write atomic with a single rename; a sidecar would be a second file that a crash could leave
 * out of step. `put` therefore returns the derived type, which is what `stat` will report.
 */
export function createLocalStorage(rootDir: string): RecordingStorage {
  const root = resolve(rootDir);

  const pathOf = (key: string): string => {
    assertValidKey(key);
    const path = join(root, key);
    // assertValidKey already rules out escaping the root; this guards the join itself.
    const rel = relative(root, path);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      throw new StorageError(`Invalid storage key ${JSON.stringify(key)}: outside the storage root.`, "invalid_key");
    }
    return path;
  };

  const notFound = (key: string, cause?: unknown) =>
    new StorageError(`No stored object under ${JSON.stringify(key)}.`, "not_found", { cause });

  return {
    kind: "local",

    async put(key: string, body: StorageBody, options: PutOptions): Promise<StoredObject> {
      const path = pathOf(key);
      const dir = dirname(path);
      await mkdir(dir, { recursive: true });
      // Same directory as the target so that the rename is atomic (same filesystem); the
      // leading dot keeps it outside the key space, so a half-written file is never served.
      const temp = join(dir, `.${basename(path)}.${randomUUID()}.tmp`);
      const metered = meter(body, options.maxBytes);
      const file = await open(temp, "wx", 0o600);
      try {
        for await (const chunk of metered.chunks) await file.write(chunk);
        // Durable before it becomes visible: a crash after the rename must not leave a torn file.
        await file.sync();
        await file.close();
        await rename(temp, path);
      } catch (error) {
        await file.close().catch(() => undefined);
        await rm(temp, { force: true });
        throw error;
      }
      const { sizeBytes, sha256 } = metered.result();
      return { key, sizeBytes, sha256, contentType: contentTypeForKey(key) };
    },

    async stat(key: string): Promise<ObjectStat | null> {
      try {
        const info = await stat(pathOf(key));
        return info.isFile() ? { sizeBytes: info.size, contentType: contentTypeForKey(key) } : null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async read(key: string, range?: ByteRange): Promise<Readable> {
      if (range) assertValidRange(range);
      const path = pathOf(key);
      // Opened here, not lazily by the stream, so a missing file rejects this call instead of
      // erroring a stream that the caller may already have started answering with.
      const file = await open(path, "r").catch((error: unknown) => {
        throw isNotFound(error) ? notFound(key, error) : error;
      });
      return file.createReadStream(range ? { start: range.start, end: range.end } : {});
    },

    async readAll(key: string): Promise<Buffer> {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        throw isNotFound(error) ? notFound(key, error) : error;
      }
    },

    async delete(key: string): Promise<void> {
      await rm(pathOf(key), { force: true });
    },
  };
}
