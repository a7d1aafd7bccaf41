/**
 * Request bodies read with a byte cap that is enforced while reading: Content-Length is only a
 * client's claim (and chunked uploads have none), so the stream is counted chunk by chunk and
 * reading stops as soon as it passes the cap. An oversized body is never held whole.
 */

/** The body is larger than the route accepts: answer 413. */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
    this.name = "BodyTooLargeError";
  }
}

export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    // A client that says so up front is refused without a byte read.
    throw new BodyTooLargeError(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop pulling, but do not cancel: under Node, cancelling destroys the request's socket
      // and the client would see a reset instead of the 413. Unread, the upload stalls on TCP
      // back-pressure until the answer is sent and the connection is closed.
      reader.releaseLock();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The same request with its body read under the cap, for handlers that read bodies themselves
 * (tRPC, next-auth). GET and HEAD have no body and pass through.
 */
export async function withCappedBody(request: Request, maxBytes: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readBodyCapped(request, maxBytes);
  const headers = new Headers(request.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(body.byteLength));
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}

/** The 413 answer. The connection is closed rather than drained of the rest of the upload. */
export function bodyTooLargeResponse(error: BodyTooLargeError): Response {
  return Response.json(
    { error: `Request body too large (at most ${error.maxBytes} bytes).` },
    { status: 413, headers: { connection: "close", "cache-control": "no-store" } },
  );
}
