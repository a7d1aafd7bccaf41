import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decodeClientState } from "~/server/telephony/client-state";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { actionName } from "~/test/fakes/telnyx-api";
import { CallLeg, type TelnyxEnvelope } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { exited, waitFor } from "~/test/wait";
import { spawnWorker } from "~/test/worker-fleet";
import { queueAttempt } from "./outcome";

let t: TestDatabase;
let h: TelephonyHarness;
let dir: string;
beforeAll(async () => {
  t = await startTestDatabase();
  h = await startTelephonyHarness(t);
  dir = mkdtempSync(join(tmpdir(), "switchboard-reminder-crash-"));
});
afterAll(async () => {
  await h?.stop();
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const MOM = "+13125550188";

/**
 * The worker is SIGKILLed after Telnyx received its dial and before the answer reached it (so
 * the attempt never learnt its call's id), then restarted: the retried attempt job dials again
 * with the same command_id, Telnyx places no second call, and the call's webhooks (processed by
 * the new worker) finish the occurrence.
 */
it("a worker killed between the dial and its webhooks: after restart, one call for the attempt and the occurrence completes", { timeout: 420_000 }, async () => {
  let output = "";
  const collect = (text: string) => (output += text);
  const tail = () => `\n--- worker output ---\n${output.slice(-6000)}`;
  const env = {
    TELNYX_API_KEY: h.api.apiKey,
    TELNYX_API_BASE_URL: h.api.baseURL,
    RECORDINGS_DIR: dir,
    WORKER_CONCURRENCY: "1",
    WORKER_HEARTBEAT_SECONDS: "1",
  };
  const workers: ChildProcess[] = [];
  try {
    workers.push(spawnWorker(t.url, env, "[victim] ", collect));
    await waitFor(() => t.db.workerHeartbeat.findFirst(), { timeoutMs: 180_000, what: () => `the first worker's heartbeat${tail()}` });

    const { user } = await createTelnyxUser(t.db);
    const mom = await t.db.contact.create({ data: { userId: user.id, firstName: "Mom", phones: [MOM] } });
    const reminder = await t.db.reminder.create({
      data: {
        userId: user.id,
        contactId: mom.id,
        kind: "medication",
        title: "Evening pills",
        message: "Time for your pills.",
        timeZone: "America/Chicago",
        startsAtLocal: "2026-12-19T19:00",
        channels: ["call"],
      },
    });
    const occurrence = await t.db.reminderOccurrence.create({
      data: { userId: user.id, reminderId: reminder.id, dueAt: new Date(), state: "in_progress", startedAt: new Date() },
    });
    // Telnyx acts on the dial at once but its answer is held: the worker dies waiting for it.
    h.api.delayNext("/v2/calls", 10 * 60_000);
    const attemptId = await t.db.$transaction((tx) => queueAttempt(tx, h.sender, { occurrenceId: occurrence.id, userId: user.id, channel: "call" }));

    await waitFor(async () => h.api.placedCalls().length === 1, { timeoutMs: 60_000, intervalMs: 50, what: () => `the dial to reach Telnyx${tail()}` });
    workers[0]!.kill("SIGKILL");
    await exited(workers[0]!);
    const orphaned = await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(orphaned).toMatchObject({ telnyxCallControlId: null, outcome: null });
    expect(orphaned.callId).not.toBeNull();

    workers.push(spawnWorker(t.url, env, "[restarted] ", collect));
    const dialed = await waitFor(
      () => t.db.reminderAttempt.findFirst({ where: { id: attemptId, telnyxCallControlId: { not: null } } }),
      { timeoutMs: 180_000, what: () => `the retried attempt to learn its call${tail()}` },
    );
    const dials = h.api.find("/v2/calls");
    expect(dials.map((d) => d.body.command_id)).toEqual([orphaned.commandId, orphaned.commandId]);
    expect(h.api.placedCalls()).toHaveLength(1);
    expect(dialed.callId).toBe(orphaned.callId);
    expect(await t.db.call.count({ where: { userId: user.id } })).toBe(1);

    const placed = h.api.placedCalls()[0]!;
    const leg = new CallLeg({
      callControlId: dialed.telnyxCallControlId!,
      from: String(placed.from),
      to: String(placed.to),
      direction: "outgoing",
      clientState: String(placed.client_state),
    });
    const deliver = async (event: TelnyxEnvelope) => {
      const id = await h.ingest(event);
      await waitFor(() => t.db.webhookEvent.findFirst({ where: { id: id!, processedAt: { not: null } } }), {
        timeoutMs: 60_000,
        what: () => `${event.data.event_type} processed by the worker${tail()}`,
      });
    };
    const now = Date.now();
    const at = (seconds: number) => new Date(now + seconds * 1000);
    await deliver(leg.initiated(at(0)));
    await deliver(leg.answered(at(4)));
    await deliver(leg.machineDetectionEnded(at(6), "human"));
    const gather = h.api.actionsFor(leg.callControlId).find((a) => actionName(a) === "gather_using_speak");
    expect(gather).toBeDefined();
    leg.clientState = String(gather!.body.client_state);
    expect(decodeClientState(leg.clientState)).toMatchObject({ callId: dialed.callId, leg: "contact", step: "g1.0" });
    await deliver(leg.gatherEnded(at(15), "1"));

    expect(await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ outcome: "confirmed", digits: "1" });
    expect(await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } })).toMatchObject({ state: "confirmed" });
    expect(await t.db.reminderAttempt.count({ where: { occurrenceId: occurrence.id } })).toBe(1);
    expect(h.api.placedCalls()).toHaveLength(1);
  } finally {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.all(workers.map(exited));
  }
});
