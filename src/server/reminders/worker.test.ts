import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/server/logger";
import { startWorker, type RunningWorker } from "~/server/queue/worker";
import { createLocalTelephony, NOT_SENT_REASON } from "~/server/telephony/provider";
import { callerFor } from "~/test/callers";
import { createTestContact } from "~/test/contacts";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { createTestServices } from "~/test/services";
import { waitFor } from "~/test/wait";
import { createHandlers, onDeadLetter } from "../../../worker/jobs";
import { readHistory } from "./occurrences";
import type { CreateReminderInput } from "./schemas";

/**
 * Reminders end to end through a real worker: "send a test now" queues an occurrence due now, the
 * worker's reminders.due job starts it, its reminders.attempt jobs text (fake Telnyx, through the
 * real SDK) or notify, and the occurrence finishes. Two workers: one with Telnyx, one without a key.
 */
let t: TestDatabase;
let h: TelephonyHarness;
let worker: RunningWorker;
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
    handlers: createHandlers(h.services),
    onDeadLetter,
  });
});
afterAll(async () => {
  await worker?.stop(5_000);
  await h?.stop();
  await t?.stop();
});

const reminder = (over: Partial<CreateReminderInput>): CreateReminderInput => ({
  kind: "medication",
  title: "Evening pills",
  message: "Time to take your evening pills.",
  timeZone: "Europe/Berlin",
  startsAtLocal: "2030-01-01T20:00",
  rrule: "FREQ=DAILY",
  channels: ["in_app"],
  ...over,
});

async function finished(occurrenceId: string) {
  return waitFor(
    async () => {
      const row = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrenceId }, include: { attempts: { orderBy: { number: "asc" } } } });
      return ["scheduled", "in_progress"].includes(row.state) ? null : row;
    },
    { what: "the occurrence to finish", timeoutMs: 30_000 },
  );
}

describe("reminders through the worker", () => {
  it("an in-app reminder: the notice is created and the occurrence delivered, marked as a test", async () => {
    const { user } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { jobs: async () => h.sender, telephony: h.telnyx });
    const created = await api.reminders.create(reminder({}));
    const { occurrenceId } = await api.reminders.testNow({ id: created.id });
    const row = await finished(occurrenceId);
    expect(row.state).toBe("delivered");
    expect(row.attempts.map((a) => [a.channel, a.outcome])).toEqual([["in_app", "delivered"]]);
    expect(readHistory(row.history).map((s) => s.step)).toEqual(["test", "started", "outcome", "delivered"]);
    const notices = await t.db.notification.findMany({ where: { userId: user.id, type: "reminder" } });
    expect(notices.map((n) => [n.title, n.body])).toEqual([["Evening pills", "Time to take your evening pills."]]);
    // A test does not move the schedule: the next real occurrence is still the one scheduled.
    expect(await t.db.reminderOccurrence.count({ where: { reminderId: created.id, state: "scheduled" } })).toBe(1);
    const history = await api.reminders.history({ reminderId: created.id });
    expect(history.items.map((o) => [o.id, o.test, o.state])).toEqual([[occurrenceId, true, "delivered"]]);
  });

  it("an SMS reminder: texted from the user's number to the contact's, stored as a message, delivered", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const mom = await createTestContact(t.db, user.id, "Mom", null);
    await t.db.contact.update({ where: { id: mom.id }, data: { phones: ["+14155550177"] } });
    const api = await callerFor(t.db, user, { jobs: async () => h.sender, telephony: h.telnyx });
    const created = await api.reminders.create(reminder({ contactId: mom.id, channels: ["sms"] }));
    const before = h.api.find("/v2/messages").length;
    const { occurrenceId } = await api.reminders.testNow({ id: created.id });
    const row = await finished(occurrenceId);
    expect(row.state).toBe("delivered");
    expect(row.attempts.map((a) => [a.channel, a.outcome])).toEqual([["sms", "delivered"]]);
    const sent = h.api.find("/v2/messages").slice(before).map((r) => r.body as { from: string; to: string; text: string });
    expect(sent).toEqual([expect.objectContaining({ from: number.e164, to: "+14155550177", text: "Time to take your evening pills." })]);
    const message = await t.db.message.findFirstOrThrow({ where: { userId: user.id } });
    expect(message).toMatchObject({ contactId: mom.id, direction: "outbound", body: "Time to take your evening pills." });
  });
});

describe("reminders without a Telnyx key", () => {
  it("records the text as not sent with the reason, and the in-app notice still goes out", async () => {
    await worker.stop(5_000);
    const services = createTestServices({ db: t.db, jobs: async () => h.sender, telephony: createLocalTelephony() });
    worker = await startWorker({
      connectionString: t.url,
      db: t.db,
      logger,
      concurrency: 2,
      pollingIntervalSeconds: 0.5,
      heartbeatSeconds: 60,
      handlers: createHandlers(services),
      onDeadLetter,
    });
    const { user } = await createTelnyxUser(t.db, { personalPhone: "+14155550188" });
    const api = await callerFor(t.db, user, { jobs: async () => h.sender });
    const created = await api.reminders.create(reminder({ channels: ["sms", "in_app"] }));
    const { occurrenceId } = await api.reminders.testNow({ id: created.id });
    const row = await finished(occurrenceId);
    expect(row.attempts.map((a) => [a.number, a.channel])).toEqual([
      [1, "sms"],
      [2, "in_app"],
    ]);
    expect(row.attempts[0]).toMatchObject({ outcome: "not_sent", reason: NOT_SENT_REASON });
    expect(row.attempts[1]).toMatchObject({ outcome: "delivered" });
    // The text could not go out, the in-app notice did: the occurrence was delivered (whichever
    // attempt finished first).
    expect(row.state).toBe("delivered");
    expect(await t.db.notification.count({ where: { userId: user.id, type: "reminder" } })).toBe(1);
    const history = readHistory((await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrenceId } })).history);
    expect(history.some((s) => s.step === "outcome" && s.detail?.includes(NOT_SENT_REASON))).toBe(true);
    expect(history.find((s) => s.step === "delivered")?.detail).toMatch(/in-app notice|another channel/);
  });
});
