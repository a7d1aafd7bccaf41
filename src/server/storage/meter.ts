import { createHash } from "node:crypto";
import { RecordingTooLargeError, type StorageBody } from "./types";

/**
 * Passes `body` through while counting and hashing it, and fails with RecordingTooLargeError as
 * soon as it exceeds `maxBytes`, so a too-large upload stops at the limit instead of at its end.
 * Breaking out of the source (by the throw or by the consumer stopping) destroys it, which
 * releases a download's connection.
 */
export function meter(body: StorageBody, maxBytes: number) {
  const hash = createHash("sha256");
  let sizeBytes = 0;
  let finished = false;

  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      // A Readable with an encoding set yields strings; storage is about bytes.
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      sizeBytes += bytes.byteLength;
      if (sizeBytes > maxBytes) throw new RecordingTooLargeError(maxBytes);
      hash.update(bytes);
      yield bytes;
    }
    finished = true;
  }

  return {
    chunks: chunks(),
    /** Size and hex SHA-256 of everything read; only once `chunks` has been consumed to its end. */
    result(): { sizeBytes: number; sha256: string } {
      if (!finished) throw new Error("meter: result() before the body was read to its end");
      return { sizeBytes, sha256: hash.digest("hex") };
    },
  };
}
