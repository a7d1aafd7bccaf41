import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/server/logger";
import { startWorker, type RunningWorker } from "~/server/queue/worker";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { CallLeg } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { waitFor } from "~/test/wait";
import { createHandlers, onDeadLetter } from "../../../worker/jobs";

/** The whole path: signed webhook -> ingest (as the route) -> pg-boss -> worker -> rows. */

let t: TestDatabase;
let h: TelephonyHarness;
let worker: RunningWorker;
/** recording.fetch jobs the worker received (the pipeline itself is tested in src/server/pipeline). */
const fetchRequests: { callId: string; userId: string }[] = [];
beforeAll(async () => {
  t = await startTestDatabase();
  h = await startTelephonyHarness(t);
  worker = await startWorker({
    connectionString: t.url,
    db: t.db,
    logger,
    concurrency: 2,
    pollingIntervalSeconds: 0.5,
    heartbeatSeconds: 60,
    handlers: {
      ...createHandlers(h.services),
      "recording.fetch": async (payload) => void fetchRequests.push(payload),
    },
    onDeadLetter,
  });
});
afterAll(async () => {
  await worker?.stop(5_000);
  await h?.stop();
  await t?.stop();
});

const T0 = new Date();
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("webhooks through the worker", () => {
  it("turns a signed voicemail sequence into a call, a notification and a recording fetch request", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550150", to: number.e164, direction: "incoming" });
    await h.ingest(caller.initiated(at(0)));
    await waitFor(async () => h.api.actionsFor(caller.callControlId).length === 1, { what: "the answer command" });
    for (const event of [caller.answered(at(1)), caller.hangup(at(20)), caller.recordingSaved(at(21), at(1), at(20))]) await h.ingest(event);

    const call = await waitFor(() => t.db.call.findFirst({ where: { userId: user.id, status: "voicemail" } }), { what: "the voicemail" });
    expect(call.durationSeconds).toBe(19);
    await waitFor(async () => fetchRequests.some((r) => r.callId === call.id && r.userId === user.id), { what: "the recording.fetch job" });
    expect(await t.db.notification.findFirst({ where: { userId: user.id, type: "voicemail" } })).not.toBeNull();
    const webhooks = await t.db.webhookEvent.findMany({ where: { userId: user.id } });
    expect(webhooks.map((w) => w.status)).toEqual(["processed", "processed", "processed", "processed"]);
  });

  it("retries processing while Telnyx fails, then marks the event failed (dead letter), keeping what was stored", async () => {
    await worker.boss.updateQueue("webhooks.process", {
      retryLimit: 1,
      retryDelay: 1,
      retryBackoff: false,
      deadLetter: "webhooks.process.dead",
    });
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550151", to: number.e164, direction: "incoming" });
    h.api.respondNext(/\/actions\/answer$/, { status: 503, body: { errors: [{ title: "Service unavailable" }] } });
    h.api.respondNext(/\/actions\/answer$/, { status: 503, body: { errors: [{ title: "Service unavailable" }] } });
    const event = caller.initiated(at(0));
    await h.ingest(event);
    const failed = await waitFor(() => t.db.webhookEvent.findFirst({ where: { eventId: event.data.id, status: "failed" } }), { what: "the failed webhook" });
    expect(failed).toMatchObject({ attempts: 2, error: expect.stringMatching(/answer/) });
    // The call itself was stored on the first attempt and is still there.
    expect(await t.db.call.count({ where: { userId: user.id } })).toBe(1);
    expect(h.api.actionsFor(caller.callControlId).map((r) => r.status)).toEqual([503, 503]);
  });
});
