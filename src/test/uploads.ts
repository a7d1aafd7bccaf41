/** What an upload test needs: a streamed body of `total` bytes, with no Content-Length, that counts what its reader pulls. */
export const UPLOAD_CHUNK = 64 * 1024;

export function countedUpload(total: number, chunk = UPLOAD_CHUNK) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        const size = Math.min(chunk, total - pulled);
        pulled += size;
        controller.enqueue(new Uint8Array(size).fill(120));
      },
    },
    // Nothing is produced ahead of the reader: what was pulled is what was read.
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** A POST with that body (duplex: a streamed request body must say so). */
export const streamedPost = (url: string, body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);
