import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { assertValidKey, assertValidRange } from "./keys";
import { meter } from "./meter";
import {
  RecordingTooLargeError,
  StorageError,
  type ByteRange,
  type ObjectStat,
  type PutOptions,
  type RecordingStorage,
  type StorageBody,
  type StoredObject,
} from "./types";

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible stores (MinIO, R2, …); AWS when unset. */
  endpoint?: string;
  /** Both or neither: without them the SDK's default chain (env, profile, instance role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
  /** TCP/TLS connect limit. */
  connectTimeoutMs?: number;
  /** Limit from sending a request to its response headers (a part upload's body included). */
  requestTimeoutMs?: number;
  /** A socket idle this long (e.g. a stalled download of an object's body) is dropped. */
  idleTimeoutMs?: number;
  /** Multipart part size; S3's minimum (5 MiB) by default. */
  partSizeBytes?: number;
}

const METADATA_SHA256 = "sha256";

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isMissing(error: unknown): boolean {
  return (
    statusOf(error) === 404 ||
    (error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound"))
  );
}

function wrap(error: unknown, what: string, key: string): Error {
  if (error instanceof StorageError || error instanceof RecordingTooLargeError) return error;
  if (isMissing(error)) return new StorageError(`No stored object under ${JSON.stringify(key)}.`, "not_found", { cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError(`S3 ${what} of ${JSON.stringify(key)} failed: ${detail}`, "io", { cause: error });
}

/** Recordings in an S3 bucket (or any S3-compatible store). */
export function createS3Storage(options: S3StorageOptions): RecordingStorage {
  const { bucket } = options;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // Since SDK 3.729 uploads carry CRC32 trailers in aws-chunked bodies by default, which several
    // S3-compatible stores reject; checksums only where the API requires them keeps those working.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 120_000,
      throwOnRequestTimeout: true,
      socketTimeout: options.idleTimeoutMs ?? 30_000,
    },
  });

  const valid = (key: string) => {
    assertValidKey(key);
    return key;
  };

  return {
    kind: "s3",

    async put(key: string, body: StorageBody, putOptions: PutOptions): Promise<StoredObject> {
      valid(key);
      const metered = meter(body, putOptions.maxBytes);
      // Streams in parts; when the metered body throws (too large, or the source failed), the
      // Upload aborts its multipart upload, so no object and no orphaned parts are left.
      const upload = new Upload({
        client,
        partSize: options.partSizeBytes,
        params: {
          Bucket: bucket,
          Key: key,
          Body: Readable.from(metered.chunks, { objectMode: false }),
          ContentType: putOptions.contentType,
        },
      });
      try {
        await upload.done();
      } catch (error) {
        throw wrap(error, "upload", key);
      }
      const { sizeBytes, sha256 } = metered.result();
      // The hash is only known once the body has streamed, and S3 takes metadata only when an
      // object is created, so it is attached by a server-side copy of the object onto itself.
      // If that fails the object is removed: a put either fully succeeds or leaves nothing.
      try {
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: key,
            CopySource: `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`,
            MetadataDirective: "REPLACE",
            ContentType: putOptions.contentType,
            Metadata: { [METADATA_SHA256]: sha256 },
          }),
        );
      } catch (error) {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
        throw wrap(error, "metadata update", key);
      }
      return { key, sizeBytes, sha256, contentType: putOptions.contentType };
    },

    async stat(key: string): Promise<ObjectStat | null> {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: valid(key) }));
        return {
          sizeBytes: head.ContentLength ?? 0,
          contentType: head.ContentType ?? "application/octet-stream",
        };
      } catch (error) {
        if (isMissing(error)) return null;
        throw wrap(error, "stat", key);
      }
    },

    async read(key: string, range?: ByteRange): Promise<Readable> {
      if (range) assertValidRange(range);
      try {
        const object = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: valid(key),
            Range: range ? `bytes=${range.start}-${range.end}` : undefined,
          }),
        );
        // In Node the SDK's body is the response's IncomingMessage (a Readable).
        if (!(object.Body instanceof Readable)) throw new StorageError(`S3 returned no body for ${JSON.stringify(key)}.`, "io");
        return object.Body;
      } catch (error) {
        throw wrap(error, "read", key);
      }
    },

    async readAll(key: string): Promise<Buffer> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: valid(key) }));
        if (!object.Body) throw new StorageError(`S3 returned no body for ${JSON.stringify(key)}.`, "io");
        return Buffer.from(await object.Body.transformToByteArray());
      } catch (error) {
        throw wrap(error, "read", key);
      }
    },

    async delete(key: string): Promise<void> {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: valid(key) }));
      } catch (error) {
        throw wrap(error, "delete", key);
      }
    },
  };
}
