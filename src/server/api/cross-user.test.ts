/**
 * Every tRPC procedure that takes the id of another row, called by a signed-in stranger with the
 * ids of someone else's rows: each must refuse (or return nothing of theirs) and change nothing.
 * Numbers (`calls.dial`/`messages.send` fromNumberId, phoneNumbers.*) are covered with the fake
 * Telnyx API in src/server/phone-numbers and the send-limit tests; jobs.retry in
 * src/server/queue/admin.test.ts; recordings in src/server/recordings.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Boss } from "~/server/queue/boss";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";

let t: TestDatabase;
type User = Awaited<ReturnType<typeof createTestUser>>;
let alice: User;
let mallory: User;
const ids = {} as {
  contact: string;
  otherContact: string;
  task: string;
  subtask: string;
  event: string;
  call: string;
  message: string;
  notification: string;
  malloryContact: string;
  malloryTask: string;
  malloryEvent: string;
};

/** A job queue that fails the test if anything is sent: ownership must be checked first. */
const noJobs = () =>
  Promise.resolve(
    new Proxy({} as Boss, {
      get: (_target, property) => {
        if (property === "then") return undefined;
        return () => {
          throw new Error(`a job was sent (${String(property)}) for someone else's row`);
        };
      },
    }),
  );

/** Everything Alice owns, as stored: compared before and after the attempts. */
async function aliceRows() {
  const where = { userId: alice.id };
  return {
    contacts: await t.db.contact.findMany({ where, orderBy: { id: "asc" } }),
    tasks: await t.db.task.findMany({ where, orderBy: { id: "asc" } }),
    events: await t.db.calendarEvent.findMany({ where, orderBy: { id: "asc" }, include: { contacts: true } }),
    calls: await t.db.call.findMany({ where, orderBy: { id: "asc" } }),
    messages: await t.db.message.findMany({ where, orderBy: { id: "asc" } }),
    notifications: await t.db.notification.findMany({ where, orderBy: { id: "asc" } }),
  };
}

beforeAll(async () => {
  t = await startTestDatabase();
  alice = await createTestUser(t.db, { name: "Alice" });
  mallory = await createTestUser(t.db, { name: "Mallory" });
  const db = t.db;
  const contact = await db.contact.create({
    data: { userId: alice.id, firstName: "Carol", lastName: "Secret", phones: ["+14155550134"], emails: ["carol@example.com"] },
  });
  const otherContact = await db.contact.create({ data: { userId: alice.id, firstName: "Carola", phones: ["+14155550135"] } });
  const task = await db.task.create({ data: { userId: alice.id, title: "Alice's task", contactId: contact.id } });
  const subtask = await db.task.create({ data: { userId: alice.id, title: "Alice's subtask", parentId: task.id } });
  const event = await db.calendarEvent.create({
    data: {
      userId: alice.id,
      title: "Alice's meeting",
      startsAt: new Date("2027-01-10T10:00:00Z"),
      endsAt: new Date("2027-01-10T11:00:00Z"),
      contacts: { create: [{ contactId: contact.id }] },
    },
  });
  const call = await db.call.create({
    data: {
      userId: alice.id,
      direction: "inbound",
      status: "completed",
      fromNumber: "+14155550134",
      toNumber: "+14155550100",
      counterpartNumber: "+14155550134",
      contactId: contact.id,
      recordingUrl: "https://example.test/recording.mp3",
      recordingStorageKey: "recordings/alice.mp3",
      transcriptText: "Alice and Carol talk about the renewal price.",
      transcriptSegments: [{ speaker: 0, start: 0, end: 3, text: "Alice and Carol talk about the renewal price.", confidence: 0.9 }],
    },
  });
  const message = await db.message.create({
    data: {
      userId: alice.id,
      direction: "inbound",
      deliveryStatus: "received",
      fromNumber: "+14155550134",
      toNumber: "+14155550100",
      counterpartNumber: "+14155550134",
      contactId: contact.id,
      body: "Alice's private text",
    },
  });
  const notification = await db.notification.create({
    data: { userId: alice.id, type: "new_message", title: "New text from Carol", body: "Alice's private text" },
  });
  const malloryContact = await db.contact.create({ data: { userId: mallory.id, firstName: "Mal" } });
  const malloryTask = await db.task.create({ data: { userId: mallory.id, title: "Mallory's task" } });
  const malloryEvent = await db.calendarEvent.create({
    data: { userId: mallory.id, title: "Mallory's meeting", startsAt: new Date("2027-01-11T10:00:00Z") },
  });
  Object.assign(ids, {
    contact: contact.id,
    otherContact: otherContact.id,
    task: task.id,
    subtask: subtask.id,
    event: event.id,
    call: call.id,
    message: message.id,
    notification: notification.id,
    malloryContact: malloryContact.id,
    malloryTask: malloryTask.id,
    malloryEvent: malloryEvent.id,
  });
});

afterAll(async () => {
  await t?.stop();
});

/** The tRPC error code of a refused call ("NOT_FOUND", "BAD_REQUEST"); fails if it succeeded. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  throw new Error("the call succeeded with someone else's id");
}

const refused = ["NOT_FOUND", "BAD_REQUEST"];

describe("a stranger with someone else's ids", () => {
  it("is refused by every procedure that reads, changes or links a row by id, and nothing of the owner's changes", async () => {
    const before = await aliceRows();
    const api = await callerFor(t.db, mallory, { jobs: noJobs });

    const attempts: Record<string, () => Promise<unknown>> = {
      "contacts.get": () => api.contacts.get({ id: ids.contact }),
      "contacts.timeline": () => api.contacts.timeline({ id: ids.contact }),
      "contacts.relationship": () => api.contacts.relationship({ id: ids.contact }),
      "contacts.recalculateScore": () => api.contacts.recalculateScore({ id: ids.contact }),
      "contacts.update": () => api.contacts.update({ id: ids.contact, firstName: "Owned" }),
      "contacts.delete": () => api.contacts.delete({ id: ids.contact }),
      "contacts.merge (theirs into mine)": () => api.contacts.merge({ survivorId: ids.malloryContact, duplicateId: ids.contact }),
      "contacts.merge (mine into theirs)": () => api.contacts.merge({ survivorId: ids.contact, duplicateId: ids.malloryContact }),
      "contacts.merge (theirs into theirs)": () => api.contacts.merge({ survivorId: ids.contact, duplicateId: ids.otherContact }),
      "tasks.get": () => api.tasks.get({ id: ids.task }),
      "tasks.update": () => api.tasks.update({ id: ids.task, title: "Owned" }),
      "tasks.delete": () => api.tasks.delete({ id: ids.task }),
      "tasks.update contactId": () => api.tasks.update({ id: ids.malloryTask, contactId: ids.contact }),
      "tasks.update parentId": () => api.tasks.update({ id: ids.malloryTask, parentId: ids.task }),
      "tasks.create contactId": () => api.tasks.create({ title: "Link", contactId: ids.contact }),
      "tasks.create parentId": () => api.tasks.create({ title: "Link", parentId: ids.task }),
      "calendar.get": () => api.calendar.get({ id: ids.event }),
      "calendar.update": () => api.calendar.update({ id: ids.event, title: "Owned" }),
      "calendar.delete": () => api.calendar.delete({ id: ids.event }),
      "calendar.update contactIds": () => api.calendar.update({ id: ids.malloryEvent, contactIds: [ids.contact] }),
      "calendar.create contactIds": () => api.calendar.create({
        title: "Link",
        startsAt: new Date("2027-01-12T10:00:00Z"),
        contactIds: [ids.malloryContact, ids.contact],
      }),
      "calls.get": () => api.calls.get({ id: ids.call }),
      "calls.playbackUrl": () => api.calls.playbackUrl({ id: ids.call }),
      "calls.rerunStage": () => api.calls.rerunStage({ id: ids.call, stage: "analyze" }),
      "calls.createContact": () => api.calls.createContact({ id: ids.call, firstName: "Owned" }),
      "calls.nameSpeaker": () => api.calls.nameSpeaker({ id: ids.call, speaker: 0, name: "Owned" }),
      "calls.dial contactId": () => api.calls.dial({ contactId: ids.contact }),
      "messages.send contactId": () => api.messages.send({ contactId: ids.contact, body: "hello" }),
      "messages.thread contactId": () => api.messages.thread({ contactId: ids.contact }),
      "messages.markRead contactId": () => api.messages.markRead({ contactId: ids.contact }),
    };

    const outcomes: Record<string, string> = {};
    // One at a time, so each attempt meets the rows as they were.
    for (const [name, attempt] of Object.entries(attempts)) outcomes[name] = await refusal(attempt());
    for (const [name, code] of Object.entries(outcomes)) {
      expect(refused, `${name} answered ${code}`).toContain(code);
    }

    // Nothing of Alice's was changed, linked or deleted, and Mallory got no copy of it.
    expect(await aliceRows()).toEqual(before);
    expect(await t.db.task.count({ where: { userId: mallory.id } })).toBe(1);
    expect(await t.db.calendarEvent.count({ where: { userId: mallory.id } })).toBe(1);
    expect(await t.db.calendarEventContact.count({ where: { eventId: ids.malloryEvent } })).toBe(0);
    expect(await t.db.contact.count({ where: { userId: mallory.id } })).toBe(1);
  });

  it("gets none of the owner's rows from lists, filters, bulk actions and exports", async () => {
    const before = await aliceRows();
    const api = await callerFor(t.db, mallory);

    expect((await api.calls.list({ contactId: ids.contact })).items).toEqual([]);
    expect((await api.calls.list({ q: "renewal price" })).items).toEqual([]);
    expect((await api.tasks.list({ contactId: ids.contact })).items).toEqual([]);
    expect((await api.tasks.list({ parentId: ids.task })).items).toEqual([]);
    const contacts = await api.contacts.list({ search: "Carol" });
    expect(contacts.items.map((c) => c.id)).not.toContain(ids.contact);

    // Bulk delete and mark-read with her ids touch nothing of hers.
    await api.contacts.bulkDelete({ ids: [ids.contact, ids.otherContact] }).catch(() => undefined);
    await api.notifications.markRead({ ids: [ids.notification] }).catch(() => undefined);
    await api.messages.markRead({ ids: [ids.message] }).catch(() => undefined);

    const exported = await api.contacts.exportCsv();
    const csv = JSON.stringify(exported);
    expect(csv).not.toContain("Secret");
    expect(csv).not.toContain("carol@example.com");
    expect(csv).not.toContain("4155550134");

    expect(await aliceRows()).toEqual(before);
  });

  it("still lets the owner do all of it (the refusals above are about ownership, not the inputs)", async () => {
    const api = await callerFor(t.db, alice);
    await expect(api.contacts.get({ id: ids.contact })).resolves.toMatchObject({ contact: { id: ids.contact } });
    await expect(api.tasks.update({ id: ids.subtask, contactId: ids.contact })).resolves.toMatchObject({ id: ids.subtask });
    await expect(api.calendar.update({ id: ids.event, contactIds: [ids.contact, ids.otherContact] })).resolves.toMatchObject({
      id: ids.event,
    });
    await expect(api.calls.get({ id: ids.call })).resolves.toMatchObject({ id: ids.call });
    await expect(api.calls.nameSpeaker({ id: ids.call, speaker: 0, name: "Carol" })).resolves.toMatchObject({ speakerNames: { "0": "Carol" } });
    const exported = JSON.stringify(await api.contacts.exportCsv());
    expect(exported).toContain("Secret");
  });
});
