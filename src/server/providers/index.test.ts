import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/env";
import { startFakeAnthropic, type FakeAnthropic } from "~/test/fakes/anthropic";
import { startFakeDeepgram, type FakeDeepgram } from "~/test/fakes/deepgram";
import { startFakeElevenLabs, type FakeElevenLabs } from "~/test/fakes/elevenlabs";
import { startFakeVoyage, type FakeVoyage } from "~/test/fakes/voyage";
import { missingKeyReason, providersFromEnv } from ".";

describe("providersFromEnv", () => {
  it("without keys: no transcriber or speech, the local analyser and embedder", () => {
    const providers = providersFromEnv(parseEnv({}));
    expect(providers.transcriber).toBeNull();
    expect(providers.speech).toBeNull();
    expect(providers.analyser.provider).toBe("local");
    expect(providers.analyser.promptVersion).toBe("local-v1");
    expect(providers.embedder.model).toBe("local:hash-ngram-v1");
  });

  it("names the missing variable", () => {
    expect(missingKeyReason("deepgram")).toBe("DEEPGRAM_API_KEY not set");
    expect(missingKeyReason("elevenlabs")).toBe("ELEVENLABS_API_KEY not set");
  });

  describe("with keys and base URLs as the environment gives them", () => {
    let deepgram: FakeDeepgram;
    let anthropic: FakeAnthropic;
    let voyage: FakeVoyage;
    let elevenlabs: FakeElevenLabs;

    beforeAll(async () => {
      [deepgram, anthropic, voyage, elevenlabs] = await Promise.all([startFakeDeepgram(), startFakeAnthropic(), startFakeVoyage(), startFakeElevenLabs()]);
    });
    afterAll(() => Promise.all([deepgram.close(), anthropic.close(), voyage.close(), elevenlabs.close()]));

    it("reaches every real provider", async () => {
      const providers = providersFromEnv(
        parseEnv({
          DEEPGRAM_API_KEY: deepgram.apiKey,
          DEEPGRAM_API_BASE_URL: deepgram.baseUrl,
          ANTHROPIC_API_KEY: anthropic.apiKey,
          ANTHROPIC_BASE_URL: anthropic.baseUrl,
          ANTHROPIC_MODEL: "claude-sonnet-5-5",
          VOYAGE_API_KEY: voyage.apiKey,
          VOYAGE_API_BASE_URL: voyage.baseUrl,
          ELEVENLABS_API_KEY: elevenlabs.apiKey,
          ELEVENLABS_API_BASE_URL: elevenlabs.baseUrl,
        }),
        { timeouts: { deepgram: 5_000, anthropic: 5_000 } },
      );
      expect(providers.transcriber?.provider).toBe("deepgram:nova-3");
      expect(providers.analyser.provider).toBe("anthropic:claude-sonnet-5-5");
      expect(providers.embedder.model).toBe("voyage:voyage-3.5");
      expect(providers.speech?.provider).toBe("elevenlabs:21m00Tcm4TlvDq8ikWAM:eleven_multilingual_v2");

      const transcript = await providers.transcriber!.transcribe({ body: Buffer.from("mp3"), contentType: "audio/mpeg", sizeBytes: 3 });
      const analysis = await providers.analyser.analyze({
        transcript: transcript.text,
        segments: transcript.segments,
        direction: "outbound",
        startedAt: new Date("2026-03-04T15:00:00Z"),
        timeZone: "Europe/London",
        userName: null,
        contactName: null,
      });
      const [vector] = await providers.embedder.embed([analysis.summary], { inputType: "document" });
      const audio = await providers.speech!.synthesize(analysis.summary);
      expect(analysis.actionItems[0]?.dueHint).toBe("by Friday");
      expect(vector).toHaveLength(1024);
      expect(audio.length).toBeGreaterThan(0);
      expect([deepgram, anthropic, voyage, elevenlabs].map((fake) => fake.requests.map((r) => r.status))).toEqual([[200], [200], [200], [200]]);
    });
  });
});
