import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeMp3, startFakeElevenLabs, type FakeElevenLabs } from "~/test/fakes/elevenlabs";
import { header } from "~/test/fakes/provider-server";
import { createElevenLabsSpeech } from "./elevenlabs";
import { ProviderError } from "./errors";

describe("ElevenLabs speech (real SDK against the fake)", () => {
  let fake: FakeElevenLabs;
  const speech = (timeoutMs = 5_000, apiKey = fake.apiKey) =>
    createElevenLabsSpeech({ apiKey, baseUrl: fake.baseUrl, voiceId: "21m00Tcm4TlvDq8ikWAM", modelId: "eleven_multilingual_v2", timeoutMs });

  beforeAll(async () => {
    fake = await startFakeElevenLabs();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it("asks for mp3 of the text with the voice and model, with the xi-api-key header", async () => {
    const text = "Reminder: take your blood pressure tablet with dinner.";
    const audio = await speech().synthesize(text);
    const [request] = fake.syntheses();
    expect(request!.path).toBe("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM");
    expect(header(request!, "xi-api-key")).toBe(fake.apiKey);
    expect(request!.query.output_format).toBe("mp3_44100_128");
    expect(request!.json).toMatchObject({ text, model_id: "eleven_multilingual_v2" });
    expect(audio.equals(fakeMp3(text))).toBe(true);
    expect(speech().provider).toBe("elevenlabs:21m00Tcm4TlvDq8ikWAM:eleven_multilingual_v2");
  });

  it("a 500 is a retryable server error, made once (no SDK retries)", async () => {
    fake.respondNext({ status: 500, times: 3 });
    const error = await speech().synthesize("Hello").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "server", httpStatus: 500, permanent: false });
    expect(fake.syntheses()).toHaveLength(1);
  });

  it("a bad key is a permanent rejection", async () => {
    const error = await speech(5_000, "sk_wrong").synthesize("Hello").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", httpStatus: 401, permanent: true });
    expect((error as Error).message).toContain("Invalid API key");
  });

  it("a stalled answer is a timeout within the timeout", async () => {
    fake.respondNext({ delayMs: 2_000 });
    const started = Date.now();
    const error = await speech(300).synthesize("Hello").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", permanent: false });
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
