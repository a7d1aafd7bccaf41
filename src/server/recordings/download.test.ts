import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingTooLargeError } from "~/server/storage";
import { startRecordingHost, type RecordingHost } from "~/test/fakes/recording-host";
import { downloadRecording, RecordingDownloadError, RecordingUrlRefusedError, type HostResolver } from "./download";
import { isPublicAddress } from "./public-address";

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

  it("refuses a redirect to the metadata service and to names that resolve to private addresses, as permanent", async () => {
    const metadata = bucket.redirect("/rec/ssrf.mp3", "http://169.254.169.254/latest/meta-data/");
    const refused = await failure(downloadRecording(metadata, options()));
    expect(refused).toBeInstanceOf(RecordingUrlRefusedError);
    expect(refused).toMatchObject({ permanent: true, message: expect.stringContaining("private address") });

    const lookups: string[] = [];
    const resolve: HostResolver = async (hostname) => {
      lookups.push(hostname);
      if (hostname === "files.internal.example") return [{ address: "10.1.2.3", family: 4 }];
      // One public and one private answer: refused too (a connection could pick either).
      if (hostname === "mixed.example") return [{ address: "93.184.215.14", family: 4 }, { address: "fd00::5", family: 6 }];
      throw new Error(`unexpected lookup of ${hostname}`);
    };
    for (const location of ["https://files.internal.example/rec.mp3", "https://mixed.example/rec.mp3", "https://[::ffff:10.0.0.1]/rec.mp3", "https://0xa9fea9fe/x"]) {
      bucket.redirect("/rec/hop.mp3", location);
      const error = await failure(downloadRecording(bucket.url("/rec/hop.mp3"), { ...options(), resolve }));
      expect(error, location).toBeInstanceOf(RecordingUrlRefusedError);
    }
    expect(lookups).toEqual(["files.internal.example", "mixed.example"]);
  });

  it("connects to the address it checked, not to a second lookup", async () => {
    const wav = randomBytes(500);
    bucket.add("/rec/pinned.wav", wav, { contentType: "audio/wav" });
    let lookups = 0;
    // "recordings.test" does not exist in DNS: the download can only work through the checked answer.
    const resolve: HostResolver = async () => {
      lookups += 1;
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const url = `http://recordings.test:${new URL(bucket.baseUrl).port}/rec/pinned.wav`;
    const result = await downloadRecording(url, { ...options(), resolve });
    expect((await collect(result.body)).equals(wav)).toBe(true);
    expect(lookups).toBe(1);
  });

  it("allows plain http and loopback only when the configured Telnyx API is itself loopback", async () => {
    const url = bucket.add("/rec/plain.mp3", Buffer.from("x"));
    const real = { ...options(), telnyxApiBaseUrl: "https://api.telnyx.com/v2" };
    expect(await failure(downloadRecording(url, real))).toMatchObject({ name: "RecordingUrlRefusedError", message: expect.stringContaining("must use https") });
    const httpsLoopback = url.replace("http://", "https://");
    expect(await failure(downloadRecording(httpsLoopback, real))).toMatchObject({ name: "RecordingUrlRefusedError", message: expect.stringContaining("private address") });
    expect(await failure(downloadRecording(url, { ...options(), telnyxApiBaseUrl: undefined }))).toBeInstanceOf(RecordingUrlRefusedError);
  });

  it("gives up on a server that drips bytes just fast enough to beat the idle timeout", async () => {
    const drip = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "audio/mpeg" });
      const timer = setInterval(() => res.write(Buffer.from([0x49])), 50);
      res.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((done) => drip.listen(0, "127.0.0.1", done));
    try {
      const started = Date.now();
      const result = await downloadRecording(`http://127.0.0.1:${(drip.address() as AddressInfo).port}/slow.mp3`, {
        ...options(),
        timeoutMs: 1_000,
        deadlineMs: 600,
      });
      const error = await failure(collect(result.body));
      expect(error).toMatchObject({ name: "RecordingDownloadError", kind: "timeout", permanent: false, message: expect.stringContaining("not finished within 600 ms") });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      drip.closeAllConnections();
      await new Promise((done) => drip.close(done));
    }
  });

  it("stops after five redirects", async () => {
    bucket.redirect("/rec/loop.mp3", bucket.url("/rec/loop.mp3"));
    expect(await failure(downloadRecording(bucket.url("/rec/loop.mp3"), options()))).toMatchObject({ permanent: true, message: expect.stringContaining("more than 5 redirects") });
    expect(bucket.requestCount("/rec/loop.mp3")).toBe(6);
  });
});

describe("isPublicAddress", () => {
  it("accepts public unicast and refuses every special-purpose range", () => {
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
      "224.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:a9fe:a9fe",
      "64:ff9b::a00:1", "2002:a00:1::", "not an ip",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});
