import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { sendJob } from "~/server/queue/boss";
import { callerFor } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { CallLeg } from "~/test/fakes/telnyx-webhooks";
import { startPipelineHarness, type PipelineHarness } from "~/test/pipeline";
import { createTelnyxUser } from "~/test/telephony";
import { waitFor } from "~/test/wait";
import { LIVE_TRANSCRIPT_PROVIDER } from "~/server/voice/record";

/** The recording pipeline end to end: signed webhook -> worker stages -> rows and calls.get. */

let t: TestDatabase;
let p: PipelineHarness;
beforeAll(async () => {
  t = await startTestDatabase();
  p = await startPipelineHarness(t);
});
afterAll(async () => {
  await p?.stop();
  await t?.stop();
});

const T0 = new Date(Date.now() - 60_000);
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let callerCounter = 0;

/** A user, a contact calling them, and that call's webhooks delivered with a real recording URL. */
async function recordedCall(recording = Buffer.from(`ID3 fake mp3 ${Math.random()}`.repeat(200))) {
  const { user, number } = await createTelnyxUser(t.db);
  callerCounter += 1;
  const from = `+1312555${String(3000 + callerCounter).padStart(4, "0")}`;
  const contact = await t.db.contact.create({ data: { userId: user.id, firstName: "Alex", lastName: "Rivera", phones: [from] } });
  const caller = new CallLeg({ from, to: number.e164, direction: "incoming" });
  const url = p.host.add(`/recordings/${caller.callControlId}.mp3`, recording);
  await p.telephony.ingest(caller.initiated(at(0)));
  for (const event of [caller.answered(at(1)), caller.hangup(at(20)), caller.recordingSaved(at(21), at(1), at(20), url)]) {
    await p.telephony.ingest(event);
  }
  const call = await waitFor(() => t.db.call.findFirst({ where: { userId: user.id, recordingUrl: { not: null } } }), { what: "the call" });
  return { user, contact, call, recording, path: `/recordings/${caller.callControlId}.mp3` };
}

const callRow = (id: string) => t.db.call.findUniqueOrThrow({ where: { id } });
type CallRow = Awaited<ReturnType<typeof callRow>>;

/** The call's row once `done(row)` holds. */
function untilCall(id: string, done: (call: CallRow) => boolean, options: { what: string; timeoutMs?: number }) {
  return waitFor(async () => {
    const row = await callRow(id);
    return done(row) ? row : null;
  }, options);
}

async function hasEmbedding(id: string): Promise<boolean> {
  const rows = await t.db.$queryRaw<{ has: boolean }[]>`SELECT embedding IS NOT NULL AS has FROM "Call" WHERE id = ${id}`;
  return rows[0]?.has ?? false;
}

describe("recording pipeline", () => {
  it("takes a recording.saved webhook to a stored recording, transcript, analysis, tasks, embedding and score", async () => {
    p.configure({ deepgram: true, anthropic: true, voyage: true });
    const { user, contact, call, recording } = await recordedCall();
    const done = await untilCall(call.id, (row) => row.embedStatus === "succeeded", { what: "the pipeline to finish", timeoutMs: 45_000 });
    // Stored: bytes, size and checksum.
    expect(done.fetchStatus).toBe("succeeded");
    expect(done.recordingSizeBytes).toBe(recording.length);
    expect(done.recordingSha256).toBe(createHash("sha256").update(recording).digest("hex"));
    expect((await p.storage.readAll(done.recordingStorageKey!)).equals(recording)).toBe(true);
    // Transcribed: the fake's dual-channel utterances as segments.
    const segments = done.transcriptSegments as { speaker: number; start: number; end: number; text: string; confidence: number }[];
    expect(segments).toHaveLength(5);
    expect(new Set(segments.map((s) => s.speaker))).toEqual(new Set([0, 1]));
    expect(segments[3]).toMatchObject({ speaker: 1, text: expect.stringContaining("contract by Friday") });
    expect(done.transcriptProvider).toMatch(/^deepgram:/);
    // Analysed by Claude (the fake): summary, sentiment, topics, prompt version.
    expect(done.analysisProvider).toMatch(/^anthropic:/);
    expect(done.analysisPromptVersion).toBe("anthropic-v1");
    expect(done.summary).toBeTruthy();
    expect(done.sentimentLabel).not.toBeNull();
    expect(p.anthropic.messages().length).toBeGreaterThanOrEqual(1);
    // Action items became tasks on the contact and the call.
    const items = done.actionItems as Prisma.JsonArray;
    expect(items.length).toBeGreaterThan(0);
    const tasks = await t.db.task.findMany({ where: { callId: call.id }, orderBy: { actionItemIndex: "asc" } });
    expect(tasks).toHaveLength(items.length);
    expect(tasks.every((task) => task.contactId === contact.id && task.userId === user.id)).toBe(true);
    // Embedded by Voyage (the fake).
    expect(done.embeddingModel).toMatch(/^voyage:/);
    expect(await hasEmbedding(call.id)).toBe(true);
    // The contact's score was recomputed.
    const scored = await waitFor(() => t.db.contact.findFirst({ where: { id: contact.id, scoreUpdatedAt: { not: null } } }), {
      what: "the contact's rescore",
    });
    expect(scored.relationshipScore).toBeGreaterThan(0);

    // The same, through the API the call page uses.
    const view = await (await callerFor(t.db, user)).calls.get({ id: call.id });
    expect(view.recordingStored).toBe(true);
    expect(view.transcriptSegments).toHaveLength(5);
    expect(view.pipeline.map((s) => [s.stage, s.status])).toEqual([
      ["fetch", "succeeded"],
      ["transcribe", "succeeded"],
      ["analyze", "succeeded"],
      ["embed", "succeeded"],
    ]);
    expect(view.tasks.map((task) => task.id).sort()).toEqual(tasks.map((task) => task.id).sort());
    expect(view.actionItems.length).toBe(items.length);

    // Playback URLs are minted for the owner only.
    const { url, expiresAt } = await (await callerFor(t.db, user)).calls.playbackUrl({ id: call.id });
    expect(url).toMatch(new RegExp(`^/api/recordings/${call.id}\\?exp=\\d+&sig=[\\w-]+$`));
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const { user: other } = await createTelnyxUser(t.db);
    await expect((await callerFor(t.db, other)).calls.playbackUrl({ id: call.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await callerFor(t.db, other)).calls.get({ id: call.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps the voice agent's live transcript: no second transcription, and the analysis runs on it", async () => {
    p.configure({ deepgram: true, anthropic: true, voyage: true });
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550188", to: number.e164, direction: "incoming" });
    await p.telephony.ingest(caller.initiated(at(0)));
    await p.telephony.ingest(caller.answered(at(1)));
    const call = await waitFor(() => t.db.call.findFirst({ where: { userId: user.id } }), { what: "the call" });
    // What the voice process stores when the conversation ends (voice/record.ts).
    const live = "Receptionist: Hello, how can I help?\nCaller: Please ask Pat to call me about the contract by Friday.";
    await t.db.call.update({
      where: { id: call.id },
      data: {
        transcriptText: live,
        transcriptProvider: LIVE_TRANSCRIPT_PROVIDER,
        transcriptSegments: [
          { speaker: 1, start: 0.2, end: 1.5, text: "Hello, how can I help?", confidence: 1 },
          { speaker: 0, start: 2, end: 5, text: "Please ask Pat to call me about the contract by Friday.", confidence: 1 },
        ],
      },
    });
    const transcriptionsBefore = p.deepgram.requests.length;
    const url = p.host.add(`/recordings/${caller.callControlId}.mp3`, Buffer.from("ID3 live call".repeat(100)));
    await p.telephony.ingest(caller.hangup(at(20)));
    await p.telephony.ingest(caller.recordingSaved(at(21), at(1), at(20), url));
    const done = await untilCall(call.id, (row) => row.analyzeStatus === "succeeded", { what: "the analysis", timeoutMs: 45_000 });
    expect(done.fetchStatus).toBe("succeeded");
    expect(done.transcribeStatus).toBe("succeeded");
    expect(done.transcriptProvider).toBe(LIVE_TRANSCRIPT_PROVIDER);
    expect(done.transcriptText).toBe(live);
    expect(p.deepgram.requests.length).toBe(transcriptionsBefore);
    expect(p.anthropic.prompts().at(-1)).toContain("contract by Friday");
  });

  it("renews an expired recording URL through the Telnyx API and fetches from the new one", async () => {
    p.configure({});
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125559001", to: number.e164, direction: "incoming" });
    const recording = Buffer.from("fresh recording ".repeat(100));
    // Telnyx's pre-signed link has expired by the time the fetch runs: S3 answers 403.
    const expired = p.host.add(`/expired/${caller.callControlId}.mp3`, recording, { failTimes: 1_000, failStatus: 403 });
    const fresh = p.host.add(`/fresh/${caller.callControlId}.mp3`, recording);
    for (const event of [caller.initiated(at(0)), caller.answered(at(1)), caller.hangup(at(20))]) await p.telephony.ingest(event);
    const saved = caller.recordingSaved(at(21), at(1), at(20), expired);
    const recordingId = String((saved.data.payload as { recording_id: string }).recording_id);
    p.telephony.api.setRecording(recordingId, { mp3: fresh });
    await p.telephony.ingest(saved);

    const call = await waitFor(() => t.db.call.findFirst({ where: { userId: user.id, fetchStatus: "succeeded" } }), { what: "the fetch" });
    expect(call.recordingUrl).toBe(fresh);
    expect((await p.storage.readAll(call.recordingStorageKey!)).equals(recording)).toBe(true);
    const lookups = p.telephony.api.find(`/v2/recordings/${recordingId}`, "GET");
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.headers.authorization).toBe(`Bearer ${p.telephony.api.apiKey}`);
    // The expired link never got the Telnyx key (it is not Telnyx's API).
    expect(p.host.requests.filter((r) => r.path.startsWith("/expired/")).every((r) => r.authorization === null)).toBe(true);
  });

  it("fails the fetch at once, without retrying, when the recording URL redirects to the metadata service", async () => {
    p.configure({});
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125559002", to: number.e164, direction: "incoming" });
    const path = `/ssrf/${caller.callControlId}.mp3`;
    const url = p.host.redirect(path, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    for (const event of [caller.initiated(at(0)), caller.answered(at(1)), caller.hangup(at(20)), caller.recordingSaved(at(21), at(1), at(20), url)]) {
      await p.telephony.ingest(event);
    }
    const call = await waitFor(() => t.db.call.findFirst({ where: { userId: user.id, fetchStatus: "failed" } }), { what: "the refused fetch" });
    expect(call.processingError).toMatch(/^fetch: .*private address.*169\.254\.169\.254/);
    expect(call.recordingStorageKey).toBeNull();
    expect(call.transcribeStatus).toBe("pending");
    // Permanent: one request, no retries (the harness retries twice otherwise).
    await new Promise((done) => setTimeout(done, 2_500));
    expect(p.host.requestCount(path)).toBe(1);
  });

  it("retries a provider that fails twice and succeeds on the third attempt", async () => {
    p.configure({ deepgram: true, anthropic: true, voyage: true });
    p.deepgram.respondNext({ status: 500, times: 2 });
    const { call } = await recordedCall();
    const done = await untilCall(call.id, (row) => row.transcribeStatus === "succeeded", { what: "transcription after two failures", timeoutMs: 45_000 });
    const details = done.processingDetails as { transcribe: { attempts: number; error: string | null } };
    expect(details.transcribe.attempts).toBe(3);
    expect(details.transcribe.error).toBeNull();
    expect(done.processingError).toBeNull();
    await waitFor(async () => (await callRow(call.id)).embedStatus === "succeeded", { what: "the rest of the pipeline" });
  });

  it("dead-letters a stage whose provider times out every time, keeping what earlier stages stored", async () => {
    p.configure({ deepgram: true, anthropic: true, voyage: true, timeoutMs: 400 });
    p.anthropic.respondNext({ delayMs: 3_000, times: 10 });
    const { user, call } = await recordedCall();
    const failed = await untilCall(call.id, (row) => row.analyzeStatus === "failed", { what: "analysis to be dead-lettered", timeoutMs: 45_000 });
    p.anthropic.reset();
    expect(failed.processingError).toMatch(/^analyze: anthropic:.*no answer within 400 ms/);
    expect((failed.processingDetails as { analyze: { attempts: number } }).analyze.attempts).toBe(3);
    // Earlier stages' data intact; nothing half-written by the failed stage.
    expect(failed.transcribeStatus).toBe("succeeded");
    expect(failed.transcriptText).toContain("contract by Friday");
    expect(failed.recordingStorageKey).not.toBeNull();
    expect(failed.summary).toBeNull();
    expect(await t.db.task.count({ where: { callId: call.id } })).toBe(0);
    const notice = await waitFor(() => t.db.notification.findFirst({ where: { userId: user.id, type: "job_failed", link: `/calls/${call.id}` } }), {
      what: "the failure notification",
    });
    expect(notice.title).toMatch(/Analysis failed/);
  });

  it("analyses and embeds locally when only Deepgram is configured, labelled local", async () => {
    p.configure({ deepgram: true });
    const { user, call } = await recordedCall();
    const done = await untilCall(call.id, (row) => row.embedStatus === "succeeded", { what: "the local analysis and embedding", timeoutMs: 45_000 });
    expect(done.analysisProvider).toBe("local");
    expect(done.analysisPromptVersion).toBe("local-v1");
    expect(done.embeddingModel).toMatch(/^local:/);
    expect(await hasEmbedding(call.id)).toBe(true);
    const tasks = await t.db.task.findMany({ where: { callId: call.id, userId: user.id } });
    expect(tasks.some((task) => /contract/i.test(task.title))).toBe(true);
    const view = await (await callerFor(t.db, user)).calls.get({ id: call.id });
    expect(view.pipeline.find((s) => s.stage === "analyze")?.provider).toBe("local");
  });

  it("without keys skips transcription with the reason, makes later stages wait, and still analyses a call that has a transcript", async () => {
    p.configure({});
    const { user, call } = await recordedCall();
    const skipped = await untilCall(call.id, (row) => row.transcribeStatus === "skipped", { what: "transcription to be skipped" });
    expect(skipped.fetchStatus).toBe("succeeded");
    const view = await (await callerFor(t.db, user)).calls.get({ id: call.id });
    const byStage = Object.fromEntries(view.pipeline.map((s) => [s.stage, s]));
    expect(byStage.transcribe).toMatchObject({ status: "skipped", reason: "DEEPGRAM_API_KEY not set" });
    expect(byStage.transcribe?.hint).toMatch(/DEEPGRAM_API_KEY/);
    expect(byStage.analyze).toMatchObject({ status: "pending", reason: "waiting for a transcript" });
    expect(byStage.embed).toMatchObject({ status: "pending", reason: "waiting for a transcript" });

    // A call that already has a transcript (as the demo seed's do) is analysed and embedded locally.
    const transcribed = await t.db.call.create({
      data: {
        userId: user.id,
        direction: "outbound",
        status: "completed",
        fromNumber: "+14155550100",
        toNumber: "+13125550199",
        counterpartNumber: "+13125550199",
        transcriptText: "Thanks for calling. I will send the invoice tomorrow. Great working with you.",
        transcribeStatus: "succeeded",
      },
    });
    await sendJob(p.telephony.sender, "call.analyze", { callId: transcribed.id, userId: user.id });
    const analysed = await untilCall(transcribed.id, (row) => row.embedStatus === "succeeded", { what: "the transcribed call's local analysis" });
    expect(analysed.analysisProvider).toBe("local");
    expect(analysed.embeddingModel).toMatch(/^local:/);
    expect(await t.db.task.count({ where: { callId: transcribed.id } })).toBeGreaterThan(0);
  });

  it("re-running the analysis updates the call's tasks instead of adding more", async () => {
    p.configure({ deepgram: true, anthropic: true, voyage: true });
    const { user, call } = await recordedCall();
    await waitFor(async () => (await callRow(call.id)).embedStatus === "succeeded", { what: "the first run", timeoutMs: 45_000 });
    const before = await t.db.task.findMany({ where: { callId: call.id }, orderBy: { actionItemIndex: "asc" } });
    expect(before.length).toBeGreaterThan(0);
    const api = await callerFor(t.db, user, { jobs: async () => p.telephony.sender });
    const requests = p.anthropic.messages().length;
    await api.calls.rerunStage({ id: call.id, stage: "analyze" });
    await waitFor(async () => p.anthropic.messages().length > requests && (await callRow(call.id)).embedStatus === "succeeded", {
      what: "the re-run",
      timeoutMs: 45_000,
    });
    const after = await t.db.task.findMany({ where: { callId: call.id }, orderBy: { actionItemIndex: "asc" } });
    expect(after.map((task) => task.id)).toEqual(before.map((task) => task.id));
    // Another user can neither see nor re-run it.
    const { user: other } = await createTelnyxUser(t.db);
    await expect((await callerFor(t.db, other, { jobs: async () => p.telephony.sender })).calls.rerunStage({ id: call.id, stage: "analyze" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("keeps the names given to transcript speakers through a re-run analysis, and drops them with a new transcript", async () => {
    p.configure({ deepgram: true, anthropic: true, voyage: true });
    const { user, call } = await recordedCall();
    await waitFor(async () => (await callRow(call.id)).embedStatus === "succeeded", { what: "the first run", timeoutMs: 45_000 });
    const api = await callerFor(t.db, user, { jobs: async () => p.telephony.sender });
    await api.calls.nameSpeaker({ id: call.id, speaker: 1, name: "Sam (assistant)" });

    const analyses = p.anthropic.messages().length;
    await api.calls.rerunStage({ id: call.id, stage: "analyze" });
    await waitFor(async () => p.anthropic.messages().length > analyses && (await callRow(call.id)).embedStatus === "succeeded", {
      what: "the re-run analysis",
      timeoutMs: 45_000,
    });
    expect((await api.calls.get({ id: call.id })).speakerNames).toEqual({ "1": "Sam (assistant)" });

    // A new transcript numbers its voices afresh, so the old names would be guesses.
    const listens = p.deepgram.listens().length;
    await api.calls.rerunStage({ id: call.id, stage: "transcribe" });
    await waitFor(async () => p.deepgram.listens().length > listens && (await callRow(call.id)).transcribeStatus === "succeeded", {
      what: "the new transcript",
      timeoutMs: 45_000,
    });
    expect((await api.calls.get({ id: call.id })).speakerNames).toEqual({});
  });
});
