import { resolve } from "node:path";
import type { Env } from "~/env";
import { createLocalStorage } from "./local";
import { createS3Storage } from "./s3";
import type { RecordingStorage } from "./types";

export { createLocalStorage } from "./local";
export { createS3Storage, type S3StorageOptions } from "./s3";
export { assertValidKey, contentTypeForFormat, contentTypeForKey, recordingKey } from "./keys";
export * from "./types";

/** S3 when S3_BUCKET is set, else local files under RECORDINGS_DIR (relative to `cwd`). */
export function storageFromEnv(e: Env, cwd: string = process.cwd()): RecordingStorage {
  if (e.S3_BUCKET) {
    return createS3Storage({
      bucket: e.S3_BUCKET,
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    });
  }
  return createLocalStorage(resolve(cwd, e.RECORDINGS_DIR));
}
