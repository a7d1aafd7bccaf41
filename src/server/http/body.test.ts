import { describe, expect, it } from "vitest";
import { countedUpload, streamedPost, UPLOAD_CHUNK } from "~/test/uploads";
import { BodyTooLargeError, readBodyCapped, withCappedBody } from "./body";

const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
  streamedPost("http://localhost/upload", body, headers);

describe("readBodyCapped", () => {
  it("returns a body within the cap whole", async () => {
    const upload = countedUpload(300_000);
    const body = await readBodyCapped(post(upload.stream), 1024 * 1024);
    expect(body.byteLength).toBe(300_000);
    expect(body.every((byte) => byte === 120)).toBe(true);
  });

  it("stops reading a chunked body one chunk past the cap and refuses it", async () => {
    const upload = countedUpload(5 * 1024 * 1024);
    const error = await readBodyCapped(post(upload.stream), 1024 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).status).toBe(413);
    expect(upload.pulled()).toBeLessThanOrEqual(1024 * 1024 + UPLOAD_CHUNK);
  });

  it("refuses a declared oversized body without reading any of it", async () => {
    const upload = countedUpload(100 * 1024 * 1024);
    await expect(readBodyCapped(post(upload.stream, { "content-length": String(100 * 1024 * 1024) }), 1024)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    expect(upload.pulled()).toBe(0);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const upload = countedUpload(2 * 1024 * 1024);
    await expect(readBodyCapped(post(upload.stream, { "content-length": "10" }), 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe("withCappedBody", () => {
  it("gives the handler a request with the same method, URL, headers and bytes", async () => {
    const original = post(JSON.stringify({ hello: "world" }), { "content-type": "application/json", "x-extra": "1" });
    const capped = await withCappedBody(original, 1024);
    expect(capped.method).toBe("POST");
    expect(capped.url).toBe("http://localhost/upload");
    expect(capped.headers.get("x-extra")).toBe("1");
    expect(await capped.json()).toEqual({ hello: "world" });
  });

  it("passes GET requests through", async () => {
    const get = new Request("http://localhost/x?input=1");
    expect(await withCappedBody(get, 1)).toBe(get);
  });
});
