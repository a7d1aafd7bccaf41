import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logger } from "~/server/logger";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { FakeTelnyxMediaStream } from "~/test/fakes/telnyx-media";
import { waitFor } from "~/test/wait";
import type { InboundFrame } from "./media-stream";
import { MAX_FRAME_BYTES, STREAM_PATH, startVoiceServer, type VoiceServer } from "./server";
import { STREAM_TOKEN_TTL_SECONDS, issueStreamToken, type ClaimedStream } from "./stream-tokens";

let t: TestDatabase;
let server: VoiceServer;
let clock = new Date("2026-12-20T18:00:00.000Z");
/** Per accepted stream: its claim, the frames its session got in order, and whether it ended. */
const sessions: { stream: ClaimedStream; frames: InboundFrame[]; ended: boolean; echo: (audio: Buffer) => void }[] = [];

beforeAll(async () => {
  t = await startTestDatabase();
  server = await startVoiceServer({
    db: t.db,
    logger,
    port: 0,
    host: "127.0.0.1",
    now: () => clock,
    openSession(stream, connection) {
      const session = { stream, frames: [] as InboundFrame[], ended: false, echo: (audio: Buffer) => connection.sendAudio(audio) };
      sessions.push(session);
      return {
        onFrame: (frame) => {
          session.frames.push(frame);
          // Plays the caller's audio back, then marks and clears: the three frames we send.
          if (frame.event === "media") {
            connection.sendAudio(frame.audio);
            connection.mark("echoed");
          }
          if (frame.event === "dtmf") connection.clear();
        },
        onEnd: () => {
          session.ended = true;
        },
      };
    },
  });
});
afterAll(async () => {
  await server?.close();
  await t?.stop();
});
beforeEach(() => {
  clock = new Date("2026-12-20T18:00:00.000Z");
  sessions.length = 0;
});

const url = (path = STREAM_PATH) => `ws://127.0.0.1:${server.port}${path}`;

async function callWithStream() {
  const user = await createTestUser(t.db);
  const call = await t.db.call.create({
    data: { userId: user.id, direction: "inbound", status: "in_progress", fromNumber: "+13125550100", toNumber: "+14155550134", counterpartNumber: "+13125550100" },
  });
  const issued = await issueStreamToken(t.db, { userId: user.id, callId: call.id, purpose: "receptionist" }, clock);
  return { user, call, ...issued };
}

const streamRow = (id: string) => t.db.voiceStream.findUniqueOrThrow({ where: { id } });

describe("the voice process's media streams", () => {
  it("accepts Telnyx with the stream's token: frames reach the session in order, audio goes back, the stream is recorded", async () => {
    const { call, streamId, token } = await callWithStream();
    const attempt = await FakeTelnyxMediaStream.connect(url(), token);
    expect(attempt.accepted).toBe(true);
    if (!attempt.accepted) return;
    const telnyx = attempt.stream;
    telnyx.start();
    const audio = Buffer.alloc(480, 0x7f); // 60 ms of μ-law silence: three frames
    telnyx.sendAudio(audio);
    telnyx.sendDtmf("1");

    await waitFor(async () => (telnyx.received.some((f) => f.event === "clear") ? true : null), { what: "the clear frame" });
    const session = sessions[0]!;
    expect(session.stream).toMatchObject({ id: streamId, callId: call.id, purpose: "receptionist" });
    expect(session.frames.map((f) => f.event)).toEqual(["connected", "start", "media", "media", "media", "dtmf"]);
    expect(session.frames[1]).toMatchObject({ event: "start", streamId: telnyx.streamId, encoding: "PCMU", sampleRate: 8000 });
    const heard = Buffer.concat(session.frames.flatMap((f) => (f.event === "media" ? [f.audio] : [])));
    expect(heard.equals(audio)).toBe(true);
    // Played back frame by frame, each followed by its mark, then the clear.
    expect(telnyx.received.map((f) => f.event)).toEqual(["media", "mark", "media", "mark", "media", "mark", "clear"]);
    expect(Buffer.from(telnyx.received[0]!.media!.payload, "base64").equals(audio.subarray(0, 160))).toBe(true);

    expect(await streamRow(streamId)).toMatchObject({ connectedAt: clock, telnyxStreamId: telnyx.streamId, endedAt: null });
    telnyx.stop();
    await waitFor(async () => ((await streamRow(streamId)).endedAt ? true : null), { what: "the stream's end" });
    expect(session.ended).toBe(true);
    expect(server.streams()).toBe(0);
  });

  it("refuses a missing, unknown or malformed token with 401 before opening, changing nothing", async () => {
    const { call, streamId } = await callWithStream();
    const before = { call: await t.db.call.findUniqueOrThrow({ where: { id: call.id } }), stream: await streamRow(streamId) };
    for (const token of [null, "", "not-a-token", "A".repeat(43), "x".repeat(5000)]) {
      const attempt = await FakeTelnyxMediaStream.connect(url(), token);
      expect(attempt, `token ${String(token).slice(0, 12)}`).toEqual({ accepted: false, status: 401 });
    }
    expect(sessions).toHaveLength(0);
    expect(await t.db.call.findUniqueOrThrow({ where: { id: call.id } })).toEqual(before.call);
    expect(await streamRow(streamId)).toEqual(before.stream);
  });

  it("refuses a token used once already (a replay) and an expired one", async () => {
    const first = await callWithStream();
    const attempt = await FakeTelnyxMediaStream.connect(url(), first.token);
    expect(attempt.accepted).toBe(true);
    const used = await streamRow(first.streamId);

    // The same token again, while the first stream is open and after it closed: refused.
    expect(await FakeTelnyxMediaStream.connect(url(), first.token)).toEqual({ accepted: false, status: 401 });
    if (attempt.accepted) attempt.stream.stop();
    await waitFor(async () => ((await streamRow(first.streamId)).endedAt ? true : null), { what: "the first stream's end" });
    expect(await FakeTelnyxMediaStream.connect(url(), first.token)).toEqual({ accepted: false, status: 401 });
    expect((await streamRow(first.streamId)).connectedAt).toEqual(used.connectedAt);
    expect(sessions).toHaveLength(1);

    const late = await callWithStream();
    clock = new Date(clock.getTime() + (STREAM_TOKEN_TTL_SECONDS + 1) * 1000);
    expect(await FakeTelnyxMediaStream.connect(url(), late.token)).toEqual({ accepted: false, status: 401 });
    expect((await streamRow(late.streamId)).connectedAt).toBeNull();
  });

  it("answers only its stream path, and closes a stream that sends an oversized frame", async () => {
    const { token } = await callWithStream();
    expect(await FakeTelnyxMediaStream.connect(url("/elsewhere"), token)).toEqual({ accepted: false, status: 404 });

    const attempt = await FakeTelnyxMediaStream.connect(url(), token);
    expect(attempt.accepted).toBe(true);
    if (!attempt.accepted) return;
    attempt.stream.start();
    attempt.stream.sendRaw("not json");
    attempt.stream.sendRaw(JSON.stringify({ event: "media", media: { payload: "A".repeat(MAX_FRAME_BYTES) } }));
    expect((await attempt.stream.closed).code).toBe(1009);
    await waitFor(async () => (sessions[0]?.ended ? true : null), { what: "the session's end" });
    // The malformed frame was ignored, not passed on.
    expect(sessions[0]!.frames.map((f) => f.event)).toEqual(["connected", "start"]);
  });
});
