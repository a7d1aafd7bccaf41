import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3 } from "~/test/fakes/s3";
import { createLocalStorage, createS3Storage, recordingKey, RecordingTooLargeError, storageFromEnv, StorageError, type RecordingStorage } from ".";
import { parseEnv } from "~/env";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** `data` as a stream of `chunkSize` pieces, the way a download arrives. */
function chunked(data: Buffer, chunkSize = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
    })(),
  );
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let dir: string;
let s3: FakeS3;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchboard-storage-"));
  s3 = await startFakeS3();
});
afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

const backends: [string, () => RecordingStorage][] = [
  ["local", () => createLocalStorage(join(dir, "local"))],
  [
    "s3",
    () =>
      createS3Storage({
        bucket: s3.bucket,
        region: s3.region,
        endpoint: s3.endpoint,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        forcePathStyle: true,
      }),
  ],
];

/** Every object and temp file the backend holds (empty directories do not count). */
async function leftovers(kind: string): Promise<string[]> {
  if (kind === "s3") return [...s3.objects.keys()];
  const entries = await readdir(join(dir, "local"), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe.each(backends)("%s storage", (kind, make) => {
  let storage: RecordingStorage;
  beforeAll(() => {
    storage = make();
  });

  it("streams a put in, reporting size and sha256, and reads it back whole and by range", async () => {
    const data = randomBytes(300_000);
    const key = recordingKey("user1", `call-${kind}-a`, "mp3");
    const stored = await storage.put(key, chunked(data), { contentType: "audio/mpeg", maxBytes: 1_000_000 });
    expect(stored).toEqual({ key, sizeBytes: data.length, sha256: sha256(data), contentType: "audio/mpeg" });
    expect(await storage.stat(key)).toEqual({ sizeBytes: data.length, contentType: "audio/mpeg" });
    expect((await storage.readAll(key)).equals(data)).toBe(true);
    expect((await collect(await storage.read(key))).equals(data)).toBe(true);
    expect((await collect(await storage.read(key, { start: 1000, end: 1999 }))).equals(data.subarray(1000, 2000))).toBe(true);
    expect((await collect(await storage.read(key, { start: data.length - 1, end: data.length - 1 }))).equals(data.subarray(-1))).toBe(true);

    await storage.delete(key);
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it("accepts any async iterable of bytes and replaces an existing object", async () => {
    const key = recordingKey("user1", `call-${kind}-b`, "wav");
    await storage.put(key, chunked(Buffer.from("first version")), { contentType: "audio/wav", maxBytes: 100 });
    const second = Buffer.from("second");
    async function* source() {
      yield new Uint8Array(second.subarray(0, 3));
      yield new Uint8Array(second.subarray(3));
    }
    const stored = await storage.put(key, source(), { contentType: "audio/wav", maxBytes: 100 });
    expect(stored).toMatchObject({ sizeBytes: 6, sha256: sha256(second) });
    expect((await storage.readAll(key)).toString()).toBe("second");
    await storage.delete(key);
  });

  it("refuses a body over maxBytes and leaves nothing behind", async () => {
    const before = await leftovers(kind);
    const key = recordingKey("user1", `call-${kind}-big`, "mp3");
    const error = await storage.put(key, chunked(randomBytes(200_000), 16_384), { contentType: "audio/mpeg", maxBytes: 100_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordingTooLargeError);
    expect((error as RecordingTooLargeError).maxBytes).toBe(100_000);
    expect(await storage.stat(key)).toBeNull();
    expect(await leftovers(kind)).toEqual(before);
  });

  it("refuses unsafe keys", async () => {
    for (const key of ["../escape.mp3", "recordings/../../x.mp3", "/etc/passwd", "recordings//x.mp3", "recordings/.hidden", "a\\b.mp3", ""]) {
      const error = await storage.put(key, chunked(Buffer.from("x")), { contentType: "audio/mpeg", maxBytes: 10 }).catch((e: unknown) => e);
      expect(error, key).toBeInstanceOf(StorageError);
      expect((error as StorageError).code, key).toBe("invalid_key");
      await expect(storage.read(key)).rejects.toMatchObject({ code: "invalid_key" });
    }
  });

  it("reports a missing object: stat null, read and readAll not_found", async () => {
    const key = recordingKey("user1", "missing", "mp3");
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.read(key)).rejects.toMatchObject({ name: "StorageError", code: "not_found" });
    await expect(storage.readAll(key)).rejects.toMatchObject({ name: "StorageError", code: "not_found" });
  });
});

describe("s3 storage specifics", () => {
  let storage: RecordingStorage;
  beforeAll(() => {
    storage = backends[1]![1]();
  });

  it("uploads a 12 MiB body in parts and keeps its sha256 as object metadata", async () => {
    const data = randomBytes(12 * 1024 * 1024);
    const key = recordingKey("user2", "call-multipart", "wav");
    s3.requests.length = 0;
    const stored = await storage.put(key, chunked(data), { contentType: "audio/wav", maxBytes: 20 * 1024 * 1024 });
    expect(stored).toMatchObject({ sizeBytes: data.length, sha256: sha256(data) });
    const operations = s3.requests.map((r) => r.operation);
    expect(operations.filter((o) => o === "UploadPart")).toHaveLength(3);
    expect(operations).toContain("CompleteMultipartUpload");
    expect(operations).not.toContain("PutObject");
    const object = s3.objects.get(key)!;
    expect(object.body.equals(data)).toBe(true);
    expect(object).toMatchObject({ contentType: "audio/wav", metadata: { sha256: sha256(data) } });
    expect(s3.openUploads()).toBe(0);
  });

  it("aborts the multipart upload when the body turns out too large", async () => {
    const key = recordingKey("user2", "call-too-big", "mp3");
    s3.requests.length = 0;
    await expect(
      storage.put(key, chunked(randomBytes(12 * 1024 * 1024)), { contentType: "audio/mpeg", maxBytes: 11 * 1024 * 1024 }),
    ).rejects.toBeInstanceOf(RecordingTooLargeError);
    expect(s3.requests.map((r) => r.operation)).toContain("AbortMultipartUpload");
    expect(s3.openUploads()).toBe(0);
    expect(s3.objects.has(key)).toBe(false);
  });

  it("sends ranges to S3 and maps its errors to StorageError", async () => {
    const key = recordingKey("user2", "call-range", "mp3");
    await storage.put(key, chunked(Buffer.from("0123456789")), { contentType: "audio/mpeg", maxBytes: 100 });
    expect((await collect(await storage.read(key, { start: 2, end: 5 }))).toString()).toBe("2345");
    expect(s3.requests.at(-1)).toMatchObject({ operation: "GetObject", range: "bytes=2-5", status: 206 });

    s3.failNext("GetObject", 500);
    s3.failNext("GetObject", 500);
    s3.failNext("GetObject", 500);
    await expect(storage.readAll(key)).rejects.toMatchObject({ name: "StorageError", code: "io" });
  });

  it("does not keep an object whose metadata could not be written", async () => {
    const key = recordingKey("user2", "call-copy-fails", "mp3");
    s3.failNext("CopyObject", 403);
    await expect(storage.put(key, chunked(Buffer.from("abc")), { contentType: "audio/mpeg", maxBytes: 100 })).rejects.toMatchObject({ code: "io" });
    expect(s3.objects.has(key)).toBe(false);
  });

  it("refuses a client with the wrong access key", async () => {
    const stranger = createS3Storage({ bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint, accessKeyId: "AKIAWRONG", secretAccessKey: "x", forcePathStyle: true });
    await expect(stranger.readAll("recordings/x/y.mp3")).rejects.toMatchObject({ code: "io" });
  });
});

describe("storageFromEnv", () => {
  it("is local under RECORDINGS_DIR by default and S3 when S3_BUCKET is set", () => {
    expect(storageFromEnv(parseEnv({}), dir).kind).toBe("local");
    expect(storageFromEnv(parseEnv({ S3_BUCKET: "b", S3_ENDPOINT: "http://127.0.0.1:9", S3_FORCE_PATH_STYLE: "true" })).kind).toBe("s3");
  });

  it("builds recording keys and refuses odd extensions", () => {
    expect(recordingKey("u1", "c1", "mp3")).toBe("recordings/u1/c1.mp3");
    expect(() => recordingKey("u1", "c1", "../x")).toThrow(StorageError);
    expect(() => recordingKey("..", "c1", "mp3")).toThrow(StorageError);
  });
});
