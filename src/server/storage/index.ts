import { resolve } from "node:path";
import type { Env } from "~/env";
import { createLocalStorage } from "./local";
import { createS3Storage } from "./s3";
import type { RecordingStorage } from "./types";

export { createLocalStorage } from "./local";
export { createS3Storage, type S3StorageOptions } from "./s3";
export { assertValidKey, contentTypeForFormat, contentTypeForKey, recordingKey } from "./keys";
export * from "./types";

/** The S3 settings as one object (the bucket is unset when recordings are local). */
export function s3SettingsFromEnv(e: Env) {
  return {
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  };
}

/** S3 when S3_BUCKET is set, else local files under RECORDINGS_DIR (relative to `cwd`). */
export function storageFromEnv(e: Env, cwd: string = process.cwd()): RecordingStorage {
  const s3 = s3SettingsFromEnv(e);
  if (s3.bucket) return createS3Storage({ ...s3, bucket: s3.bucket });
  return createLocalStorage(resolve(cwd, e.RECORDINGS_DIR));
}
