import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingTooLargeError } from "~/server/storage";
import { startRecordingHost, type RecordingHost } from "~/test/fakes/recording-host";
import { downloadRecording, RecordingDownloadError } from "./download";

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const KEY = "KEYtest_secret";
let telnyx: RecordingHost; // stands in for the Telnyx API (TELNYX_API_BASE_URL)
let bucket: RecordingHost; // stands in for the pre-signed S3 links recordings usually are
beforeAll(async () => {
  [telnyx, bucket] = await Promise.all([startRecordingHost(), startRecordingHost()]);
});
afterAll(async () => {
  await Promise.all([telnyx?.close(), bucket?.close()]);
});

const options = () => ({ telnyxApiKey: KEY, telnyxApiBaseUrl: `${telnyx.baseUrl}/v2`, timeoutMs: 1_000, maxBytes: 1_000_000 });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

describe("downloadRecording", () => {
  it("streams the bytes with their type and length, sending the API key only to the Telnyx origin", async () => {
    const mp3 = randomBytes(200_000);
    const presigned = bucket.add("/rec/a.mp3", mp3, { contentType: "audio/mpeg; charset=binary" });
    const result = await downloadRecording(presigned, options());
    expect(result).toMatchObject({ contentType: "audio/mpeg", contentLength: mp3.length });
    expect((await collect(result.body)).equals(mp3)).toBe(true);
    expect(bucket.requests.at(-1)).toMatchObject({ path: "/rec/a.mp3", authorization: null });

    const viaApi = telnyx.add("/v2/recordings/r1/download", mp3, { bearerToken: KEY });
    expect((await collect((await downloadRecording(viaApi, options())).body)).equals(mp3)).toBe(true);
    expect(telnyx.requests.at(-1)).toMatchObject({ authorization: `Bearer ${KEY}`, status: 200 });
  });

  it("drops the key when the Telnyx API redirects to a pre-signed URL", async () => {
    const wav = randomBytes(1000);
    const target = bucket.add("/rec/b.wav", wav, { contentType: "audio/wav" });
    const start = telnyx.redirect("/v2/recordings/r2/download", target, { bearerToken: KEY });
    const result = await downloadRecording(start, options());
    expect(result.contentType).toBe("audio/wav");
    expect((await collect(result.body)).equals(wav)).toBe(true);
    expect(telnyx.requests.at(-1)).toMatchObject({ status: 302, authorization: `Bearer ${KEY}` });
    expect(bucket.requests.at(-1)).toMatchObject({ path: "/rec/b.wav", authorization: null });
  });

  it("calls 404, 403 and 410 permanent and 5xx retryable", async () => {
    const url = bucket.add("/rec/c.mp3", Buffer.from("x"));
    for (const [status, permanent] of [[404, true], [403, true], [410, true], [500, false], [503, false]] as const) {
      bucket.script("/rec/c.mp3", { failTimes: 1, failStatus: status });
      const error = await failure(downloadRecording(url, options()));
      expect(error).toBeInstanceOf(RecordingDownloadError);
      expect(error).toMatchObject({ httpStatus: status, permanent });
    }
    const missing = await failure(downloadRecording(bucket.url("/rec/none.mp3"), options()));
    expect(missing).toMatchObject({ httpStatus: 404, permanent: true });
  });

  it("times out waiting for headers and when the body stalls, both retryable", async () => {
    const slow = bucket.add("/rec/slow.mp3", Buffer.from("abc"), { delayMs: 1_000 });
    const started = Date.now();
    const error = await failure(downloadRecording(slow, { ...options(), timeoutMs: 150 }));
    expect(error).toMatchObject({ name: "RecordingDownloadError", kind: "timeout", permanent: false, httpStatus: null });
    expect(Date.now() - started).toBeLessThan(900);

    const stalls = bucket.add("/rec/stall.mp3", randomBytes(10_000), { stallAfterBytes: 100 });
    const result = await downloadRecording(stalls, { ...options(), timeoutMs: 150 });
    expect(await failure(collect(result.body))).toMatchObject({ name: "RecordingDownloadError", kind: "timeout", permanent: false });
  });

  it("refuses a declared Content-Length over the limit before reading, and an undeclared excess while reading", async () => {
    const url = bucket.add("/rec/big.mp3", randomBytes(5_000));
    const error = await failure(downloadRecording(url, { ...options(), maxBytes: 4_000 }));
    expect(error).toBeInstanceOf(RecordingTooLargeError);
    expect(error).toMatchObject({ maxBytes: 4_000 });

    // Without a Content-Length the count while streaming catches it.
    bucket.script("/rec/big.mp3", { chunked: true });
    const chunked = await downloadRecording(url, { ...options(), maxBytes: 4_000 });
    expect(chunked.contentLength).toBeNull();
    expect(await failure(collect(chunked.body))).toBeInstanceOf(RecordingTooLargeError);

    // A Content-Length smaller than the file: only that many bytes come.
    bucket.script("/rec/big.mp3", { chunked: false, contentLength: 3_000 });
    const small = await downloadRecording(url, { ...options(), maxBytes: 4_000 });
    expect((await collect(small.body)).length).toBe(3_000);
  });

  it("fails a truncated body (connection dropped before Content-Length) as retryable", async () => {
    const url = bucket.add("/rec/cut.mp3", randomBytes(5_000), { contentLength: 9_000 });
    const result = await downloadRecording(url, options());
    expect(result.contentLength).toBe(9_000);
    expect(await failure(collect(result.body))).toMatchObject({ name: "RecordingDownloadError", kind: "connection", permanent: false });
  });

  it("fails a refused connection as retryable and a non-HTTP URL as permanent", async () => {
    const closed = await startRecordingHost();
    const url = closed.url("/x.mp3");
    await closed.close();
    expect(await failure(downloadRecording(url, options()))).toMatchObject({ kind: "connection", permanent: false });
    expect(await failure(downloadRecording("file:///etc/passwd", options()))).toMatchObject({ permanent: true });
    expect(await failure(downloadRecording("not a url", options()))).toMatchObject({ permanent: true });
  });
});
