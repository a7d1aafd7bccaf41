import type { Readable } from "node:stream";

/** What `put` accepts: a Node stream or any async iterable of bytes (e.g. a download). */
export type StorageBody = Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  contentType: string;
  /** The write fails with RecordingTooLargeError, leaving nothing stored, past this many bytes. */
  maxBytes: number;
}

export interface StoredObject {
  key: string;
  sizeBytes: number;
  /** Hex SHA-256 of the stored bytes, computed while they streamed through. */
  sha256: string;
  contentType: string;
}

export interface ObjectStat {
  sizeBytes: number;
  contentType: string;
}

/** A byte range, both ends inclusive (as in HTTP's `bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where recordings live: local disk by default, an S3-compatible bucket when configured
 * (docs/provider-contract.md#recording-storage). Keys are relative slash-separated paths (see `recordingKey`).
 */
export interface RecordingStorage {
  readonly kind: "local" | "s3";
  /** Streams `body` in; the object appears under `key` only once it is complete. */
  put(key: string, body: StorageBody, options: PutOptions): Promise<StoredObject>;
  /** null when there is no object under `key`. */
  stat(key: string): Promise<ObjectStat | null>;
  /** The object's bytes (or the given range of them); StorageError `not_found` when absent. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  readAll(key: string): Promise<Buffer>;
  /** Succeeds when there is nothing to delete. */
  delete(key: string): Promise<void>;
}

export type StorageErrorCode = "not_found" | "invalid_key" | "invalid_range" | "io";

export class StorageError extends Error {
  constructor(
    message: string,
    public readonly code: StorageErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StorageError";
  }
}

/**
 * A recording over the size limit, detected from a declared length or while streaming. Not a
 * StorageError: the downloader raises it too, before anything reaches storage.
 */
export class RecordingTooLargeError extends Error {
  constructor(public readonly maxBytes: number) {
    super(`Recording is larger than the ${maxBytes}-byte limit (RECORDING_MAX_BYTES).`);
    this.name = "RecordingTooLargeError";
  }
}
