import { StorageError, type ByteRange } from "./types";

/**
 * One key segment: starts with a letter or digit (so never "." or "..", and never one of the
 * ".<name>.tmp" files local storage writes before renaming), then letters, digits, ".", "_", "-".
 * The same rule for both backends keeps a key valid wherever the recordings move.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

/** Throws StorageError `invalid_key` unless `key` is a relative path of safe segments. */
export function assertValidKey(key: string): void {
  const fail = (why: string) => {
    throw new StorageError(`Invalid storage key ${JSON.stringify(key)}: ${why}.`, "invalid_key");
  };
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) fail(`must be 1–${MAX_KEY_LENGTH} characters`);
  if (key.startsWith("/")) fail("must be relative, not absolute");
  for (const segment of key.split("/")) {
    if (segment === "..") fail('must not contain ".."');
    if (!SEGMENT.test(segment)) {
      fail("each /-separated part must start with a letter or digit and use only letters, digits, '.', '_' and '-'");
    }
  }
}

export function assertValidRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new StorageError(`Invalid byte range ${start}-${end}.`, "invalid_range");
  }
}

/** Where a call's recording is stored: `recordings/<userId>/<callId>.<ext>`. */
export function recordingKey(userId: string, callId: string, ext: string): string {
  if (!/^[a-z0-9]{1,8}$/.test(ext)) {
    throw new StorageError(`Invalid recording extension ${JSON.stringify(ext)}.`, "invalid_key");
  }
  const key = `recordings/${userId}/${callId}.${ext}`;
  assertValidKey(key);
  return key;
}

const CONTENT_TYPES: Record<string, string> = {
  mp3: "audio/mpeg",
  wav: "audio/wav",
};

/** The media type of a recording format or file extension ("mp3", "wav"); null when unknown. */
export function contentTypeForFormat(format: string | null | undefined): string | null {
  return (format && CONTENT_TYPES[format.toLowerCase()]) || null;
}

/** The media type implied by a key's extension (octet-stream when it implies none). */
export function contentTypeForKey(key: string): string {
  const name = key.slice(key.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return contentTypeForFormat(dot > 0 ? name.slice(dot + 1) : null) ?? "application/octet-stream";
}
