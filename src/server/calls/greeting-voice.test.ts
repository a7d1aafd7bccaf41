import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/env";
import { providersFromEnv } from "~/server/providers";
import { createLocalStorage } from "~/server/storage";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fakeMp3, startFakeElevenLabs, type FakeElevenLabs } from "~/test/fakes/elevenlabs";
import { actionName } from "~/test/fakes/telnyx-api";
import { CallLeg } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { createGreetingVoice, type GreetingVoice } from "./greeting-voice";
import { voicemailGreeting } from "./greeting";

/** With ELEVENLABS_API_KEY set, callers hear the greeting as ElevenLabs audio (playback_start). */

let t: TestDatabase;
let h: TelephonyHarness;
let elevenlabs: FakeElevenLabs;
let voice: GreetingVoice;
let dir: string;
const silent = { warn: () => undefined };

beforeAll(async () => {
  t = await startTestDatabase();
  h = await startTelephonyHarness(t);
  elevenlabs = await startFakeElevenLabs();
  dir = mkdtempSync(join(tmpdir(), "switchboard-greetings-"));
  const { speech } = providersFromEnv(parseEnv({ ELEVENLABS_API_KEY: elevenlabs.apiKey, ELEVENLABS_API_BASE_URL: elevenlabs.baseUrl }));
  voice = createGreetingVoice({ speech: speech!, storage: createLocalStorage(dir), logger: silent, timeoutMs: 1_000 });
});
afterAll(async () => {
  await elevenlabs?.close();
  await h?.stop();
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = new Date();
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let counter = 0;

async function answeredCall(name: string) {
  const { user, number } = await createTelnyxUser(t.db, { name });
  counter += 1;
  const caller = new CallLeg({ from: `+1312555${String(4000 + counter)}`, to: number.e164, direction: "incoming" });
  await h.deliver(caller.initiated(at(0)), { voice });
  await h.deliver(caller.answered(at(1)), { voice });
  return { user, caller };
}

describe("ElevenLabs greeting", () => {
  it("plays the greeting as ElevenLabs mp3 through playback_start, synthesised once per text", async () => {
    const { user, caller } = await answeredCall("Robin Vale");
    const actions = h.api.actionsFor(caller.callControlId);
    expect(actions.map(actionName)).toEqual(["answer", "record_start", "playback_start"]);
    const playback = actions[2]!;
    expect(playback.body).toMatchObject({ audio_type: "mp3" });
    const text = voicemailGreeting("Robin Vale");
    expect(Buffer.from(String(playback.body.playback_content), "base64").equals(fakeMp3(text))).toBe(true);
    expect(playback.headers.authorization).toBe(`Bearer ${h.api.apiKey}`);
    const synth = elevenlabs.syntheses();
    expect(synth).toHaveLength(1);
    expect(synth[0]!.headers["xi-api-key"]).toBe(elevenlabs.apiKey);
    expect(synth[0]!.json).toMatchObject({ text });

    const intent = await t.db.callEvent.findFirst({ where: { userId: user.id, eventType: "intent.speak_greeting" } });
    expect(intent?.payload).toMatchObject({ status: "sent", voice: "elevenlabs" });

    // The same words again: played from storage, not synthesised a second time.
    const again = await answeredCall("Robin Vale");
    const replay = h.api.actionsFor(again.caller.callControlId)[2]!;
    expect(actionName(replay)).toBe("playback_start");
    expect(replay.body.playback_content).toBe(playback.body.playback_content);
    expect(elevenlabs.syntheses()).toHaveLength(1);
  });

  it("falls back to Telnyx speak when ElevenLabs fails or is too slow", async () => {
    elevenlabs.respondNext({ status: 500 });
    const failed = await answeredCall("Quinn Ash");
    const actions = h.api.actionsFor(failed.caller.callControlId);
    expect(actions.map(actionName)).toEqual(["answer", "record_start", "speak"]);
    expect(String(actions[2]!.body.payload)).toBe(voicemailGreeting("Quinn Ash"));

    elevenlabs.respondNext({ delayMs: 3_000 });
    const slow = await answeredCall("Jules Park");
    expect(h.api.actionsFor(slow.caller.callControlId).map(actionName)).toEqual(["answer", "record_start", "speak"]);
  });
});
