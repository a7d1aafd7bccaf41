import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeDeepgram, type FakeDeepgram } from "~/test/fakes/deepgram";
import { header } from "~/test/fakes/provider-server";
import { createDeepgramTranscriber } from "./deepgram";
import { ProviderError } from "./errors";

const bytes = Buffer.from("ID3 fake mp3 bytes");
const audio = { body: bytes, contentType: "audio/mpeg", sizeBytes: bytes.length };

describe("Deepgram transcriber (real SDK against the fake)", () => {
  let fake: FakeDeepgram;
  const transcriber = (timeoutMs = 5_000, apiKey = fake.apiKey) =>
    createDeepgramTranscriber({ apiKey, baseUrl: fake.baseUrl, model: "nova-3", timeoutMs });

  beforeAll(async () => {
    fake = await startFakeDeepgram();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it("streams a recording read from storage, byte for byte", async () => {
    const recording = Buffer.alloc(3 * 1024 * 1024, 7);
    await transcriber().transcribe({ body: Readable.from([recording.subarray(0, 1_000_000), recording.subarray(1_000_000)]), contentType: "audio/mpeg", sizeBytes: recording.length });
    const [request] = fake.listens();
    expect(request!.body.equals(recording)).toBe(true);
  });

  it("sends the audio with the pre-recorded options and the Token auth header", async () => {
    await transcriber().transcribe(audio);
    const [request] = fake.listens();
    expect(request?.method).toBe("POST");
    expect(header(request!, "authorization")).toBe(`Token ${fake.apiKey}`);
    expect(header(request!, "content-type")).toBe("audio/mpeg");
    expect(request!.body.equals(audio.body)).toBe(true);
    expect(request!.query).toMatchObject({
      model: "nova-3",
      multichannel: "true",
      diarize: "true",
      utterances: "true",
      punctuate: "true",
      smart_format: "true",
    });
  });

  it("maps utterances to segments: one speaker per channel, in time order", async () => {
    const transcript = await transcriber().transcribe(audio);
    expect(transcript.provider).toBe("deepgram:nova-3");
    expect(transcript.language).toBe("en");
    expect(transcript.durationSeconds).toBeCloseTo(19.5);
    expect(transcript.segments.map((s) => s.speaker)).toEqual([0, 1, 0, 1, 0]);
    expect(transcript.segments[3]).toEqual({
      speaker: 1,
      start: 13.1,
      end: 16.4,
      text: "Wonderful. I'll send you the contract by Friday.",
      confidence: 0.98,
    });
    const starts = transcript.segments.map((s) => s.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(transcript.text.split("\n")).toHaveLength(5);
    expect(transcript.text).toContain("I'll send you the contract by Friday.");
  });

  it("takes the diarized speaker when the recording has a single channel", async () => {
    fake.recordingChannels = 1;
    try {
      const transcript = await transcriber().transcribe(audio);
      expect(transcript.segments.map((s) => s.speaker)).toEqual([0, 1, 0, 1, 0]);
      expect(transcript.segments).toHaveLength(5);
    } finally {
      fake.recordingChannels = 2;
    }
  });

  it("a 500 is a retryable server error, made once (no SDK retries)", async () => {
    fake.respondNext({ status: 500, times: 3 });
    const error = await transcriber().transcribe(audio).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "server", httpStatus: 500, permanent: false });
    expect(fake.listens()).toHaveLength(1);
  });

  it("a bad key is a permanent rejection", async () => {
    const error = await transcriber(5_000, "wrong-key").transcribe(audio).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", httpStatus: 401, permanent: true });
    expect((error as Error).message).toContain("Invalid credentials");
  });

  it("a 400 is permanent", async () => {
    fake.respondNext({ status: 400 });
    const error = await transcriber().transcribe(audio).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", httpStatus: 400, permanent: true });
  });

  it("a stalled answer is a timeout within the timeout", async () => {
    fake.respondNext({ delayMs: 2_000 });
    const started = Date.now();
    const error = await transcriber(300).transcribe(audio).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", httpStatus: null, permanent: false });
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
