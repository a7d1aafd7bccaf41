import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalTelephony, createTelnyxProvider } from "~/server/telephony/provider";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf } from "~/test/errors";
import { messageReceived, messageStatus } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { sendMessage } from "./send";
import { nextStatus } from "./status";

let t: TestDatabase;
let h: TelephonyHarness;
beforeAll(async () => {
  t = await startTestDatabase();
  h = await startTelephonyHarness(t);
});
afterAll(async () => {
  await h?.stop();
  await t?.stop();
});
beforeEach(() => {
  h.api.reset();
});

const T0 = new Date("2026-11-21T09:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("inbound texts", () => {
  it("stores an SMS on the right contact, notifies, and keeps lastContactedAt at the newest", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", lastName: "L", phones: ["+13125550100"], lastContactedAt: at(-60) } });
    const event = messageReceived({ from: "+13125550100", to: number.e164, text: "Running 5 min late", at: at(0) });
    expect(await h.deliver(event)).toEqual({ status: "processed", userId: user.id });

    const messages = await t.db.message.findMany({ where: { userId: user.id } });
    expect(messages).toEqual([
      expect.objectContaining({
        direction: "inbound",
        fromNumber: "+13125550100",
        toNumber: number.e164,
        counterpartNumber: "+13125550100",
        contactId: ada.id,
        phoneNumberId: number.id,
        body: "Running 5 min late",
        media: null,
        telnyxMessageId: (event.data.payload as { id: string }).id,
        deliveryStatus: "received",
        receivedAt: at(0),
        readAt: null,
      }),
    ]);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: ada.id } })).lastContactedAt).toEqual(at(0));
    expect(await t.db.notification.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ type: "new_message", title: "New text from Ada L", body: "Running 5 min late", link: `/messages?contact=${ada.id}` }),
    ]);

    // An older text arriving late does not move lastContactedAt back.
    await h.deliver(messageReceived({ from: "+13125550100", to: number.e164, text: "earlier", at: at(-30) }));
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: ada.id } })).lastContactedAt).toEqual(at(0));
  });

  it("stores MMS media, from unknown numbers too", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const media = [{ url: "https://media.telnyx.example/abc.jpg", content_type: "image/jpeg", size: 48213 }];
    await h.deliver(messageReceived({ from: "+13125550188", to: number.e164, text: "", media, at: at(0) }));
    const message = await t.db.message.findFirstOrThrow({ where: { userId: user.id } });
    expect(message).toMatchObject({ contactId: null, body: "", media: [{ url: media[0]!.url, contentType: "image/jpeg", size: 48213 }] });
    expect(await t.db.notification.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      title: "New text from (312) 555-0188",
      body: "A picture or file",
      link: "/messages?number=%2B13125550188",
    });
  });

  it("stores a duplicate delivery once, with one notification", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const event = messageReceived({ from: "+13125550101", to: number.e164, text: "once", at: at(0) });
    await h.deliver(event);
    await h.deliver(event);
    // The same message under a second event id (Telnyx resends with a new id after a timeout).
    await h.deliver({ ...event, data: { ...event.data, id: `${event.data.id}-again` } });
    expect(await t.db.message.count({ where: { userId: user.id } })).toBe(1);
    expect(await t.db.notification.count({ where: { userId: user.id } })).toBe(1);
  });

  it("stores and ignores a text to a number nobody owns", async () => {
    const event = messageReceived({ from: "+13125550101", to: "+14155559998", text: "hello?", at: at(0) });
    expect(await h.deliver(event)).toEqual({ status: "ignored", reason: "no user owns +14155559998" });
    expect(await t.db.webhookEvent.findFirstOrThrow({ where: { eventId: event.data.id } })).toMatchObject({ status: "ignored", userId: null });
    expect(await t.db.message.count({ where: { toNumber: "+14155559998" } })).toBe(0);
  });
});

describe("messages.send", () => {
  it("creates the message first, sends it through Telnyx with the key, and follows its delivery status", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", phones: ["+13125550100", "+13125550199"] } });
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    const sent = await api.messages.send({ contactId: ada.id, body: "  See you at 6  " });
    expect(sent).toMatchObject({ direction: "outbound", body: "See you at 6", deliveryStatus: "queued", toNumber: "+13125550100", fromNumber: number.e164, contactId: ada.id });

    const [request] = h.api.find("/v2/messages");
    expect(request?.headers.authorization).toBe(`Bearer ${h.api.apiKey}`);
    expect(request?.body).toEqual({ from: number.e164, to: "+13125550100", text: "See you at 6", messaging_profile_id: number.messagingProfileId });
    const telnyxId = (request?.response as { data: { id: string } }).data.id;
    expect((await t.db.message.findUniqueOrThrow({ where: { id: sent.id } })).telnyxMessageId).toBe(telnyxId);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: ada.id } })).lastContactedAt).not.toBeNull();

    const status = (type: "message.sent" | "message.finalized", value: string, seconds: number) =>
      messageStatus(type, { messageId: telnyxId, from: number.e164, to: "+13125550100", status: value, at: at(seconds) });
    await h.deliver(status("message.sent", "sent", 1));
    expect((await t.db.message.findUniqueOrThrow({ where: { id: sent.id } })).deliveryStatus).toBe("sent");
    await h.deliver(status("message.finalized", "delivered", 3));
    // A late or repeated earlier status never regresses a final one.
    await h.deliver(status("message.sent", "sent", 2));
    await h.deliver(status("message.finalized", "delivery_failed", 4));
    expect(await t.db.message.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({ deliveryStatus: "delivered", deliveredAt: at(3) });

    // A texted number picks that contact number.
    const second = await api.messages.send({ contactId: ada.id, to: "(312) 555-0199", body: "other phone" });
    expect(second.toNumber).toBe("+13125550199");
  });

  it("records a failed delivery with Telnyx's error", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    const sent = await api.messages.send({ to: "+13125550102", body: "hi" });
    const telnyxId = (h.api.find("/v2/messages")[0]?.response as { data: { id: string } }).data.id;
    // finalized before sent (out of order): the final status stands.
    await h.deliver(
      messageStatus("message.finalized", {
        messageId: telnyxId,
        from: number.e164,
        to: "+13125550102",
        status: "delivery_failed",
        at: at(5),
        errors: [{ code: "40300", title: "Blocked as spam", detail: "Message blocked by carrier" }],
      }),
    );
    await h.deliver(messageStatus("message.sent", { messageId: telnyxId, from: number.e164, to: "+13125550102", status: "sent", at: at(1) }));
    expect(await t.db.message.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({
      deliveryStatus: "delivery_failed",
      errorDetail: "40300: Message blocked by carrier",
      deliveredAt: null,
    });
  });

  it("merges a delivery webhook that was processed before the send recorded its id", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    h.api.respondNext("/v2/messages", { status: 200, body: { data: { id: "race-1", to: [{ phone_number: "+13125550103", status: "queued" }] } } });
    await h.deliver(messageStatus("message.sent", { messageId: "race-1", from: number.e164, to: "+13125550103", status: "sent", at: at(1), text: "fast" }));
    expect(await t.db.message.count({ where: { userId: user.id } })).toBe(1);
    const sent = await sendMessage({ db: t.db, telephony: h.telnyx, jobs: h.services.jobs }, user.id, { to: "+13125550103", body: "fast" });
    const rows = await t.db.message.findMany({ where: { userId: user.id } });
    expect(rows).toEqual([expect.objectContaining({ id: sent.id, telnyxMessageId: "race-1", deliveryStatus: "sent", body: "fast" })]);
  });

  it("keeps the message as not sent without TELNYX_API_KEY, with that reason", async () => {
    // The local provider: what the app runs with when TELNYX_API_KEY is not set.
    const user = await createTestUser(t.db);
    const api = await callerFor(t.db, user, { telephony: createLocalTelephony() });
    const sent = await api.messages.send({ to: "+13125550104", body: "offline" });
    expect(sent).toMatchObject({ deliveryStatus: "not_sent", errorDetail: "not sent: TELNYX_API_KEY not set", fromNumber: "" });
    expect((await api.messages.thread({ number: "+13125550104" })).items.map((m) => m.id)).toEqual([sent.id]);
    expect(h.api.requests).toHaveLength(0);
  });

  it("marks the message failed on provider errors and answers typed errors (timeouts included)", async () => {
    const { user } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    h.api.respondNext("/v2/messages", { status: 422, body: { errors: [{ code: "40310", title: "Invalid 'to' address", detail: "The 'to' number is not SMS capable." }] } });
    await expect(api.messages.send({ to: "+13125550105", body: "a" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not SMS capable/) });
    h.api.respondNext("/v2/messages", { status: 500, body: { errors: [{ title: "Internal" }] } });
    await expect(api.messages.send({ to: "+13125550105", body: "b" })).rejects.toMatchObject({ code: "BAD_GATEWAY" });
    const slow = createTelnyxProvider({ apiKey: h.api.apiKey, baseURL: h.api.baseURL, timeoutMs: 200, maxRetries: 0 });
    h.api.respondNext("/v2/messages", { status: 200, delayMs: 1_000, body: { data: { id: "too-late" } } });
    await expect(sendMessage({ db: t.db, telephony: slow, jobs: h.services.jobs }, user.id, { to: "+13125550105", body: "c" })).rejects.toMatchObject({ code: "GATEWAY_TIMEOUT" });

    const rows = await t.db.message.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.body, r.deliveryStatus])).toEqual([
      ["a", "sending_failed"],
      ["b", "sending_failed"],
      ["c", "sending_failed"],
    ]);
    expect(rows[0]?.errorDetail).toMatch(/422.*not SMS capable/);
    expect(rows[2]?.errorDetail).toMatch(/did not answer in time/);
    // Sends are never retried by the client (a retry could text twice).
    expect(h.api.find("/v2/messages")).toHaveLength(3);
  });

  it("refuses another user's real number as the from-number: nothing stored, nothing sent", async () => {
    const { user } = await createTelnyxUser(t.db);
    const { user: neighbour, number: theirs } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    expect(await fieldErrorsOf(api.messages.send({ to: "+13125550106", body: "from yours", fromNumberId: theirs.id }))).toEqual({
      fromNumberId: ["Choose one of your numbers."],
    });
    expect(await t.db.message.count({ where: { userId: { in: [user.id, neighbour.id] } } })).toBe(0);
    expect(h.api.requests).toHaveLength(0);
  });

  it("answers bad input with field errors and writes nothing", async () => {
    const { user } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    const fields = async (input: Parameters<typeof api.messages.send>[0]) => {
      const error = await api.messages.send(input).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      const issues = ((error as TRPCError).cause as { issues?: { path: string[] }[] }).issues ?? [];
      return issues.map((i) => i.path[0]);
    };
    expect(await fields({ body: "x" })).toEqual(["to"]);
    expect(await fields({ to: "+13125550100", body: "   " })).toEqual(["body"]);
    expect(await fields({ to: "+13125550100", body: "x".repeat(1601) })).toEqual(["body"]);
    expect(await fields({ to: "not a number", body: "x" })).toEqual(["to"]);
    expect(await t.db.message.count({ where: { userId: user.id } })).toBe(0);
    expect(h.api.requests).toHaveLength(0);
  });
});

describe("threads", () => {
  it("lists one thread per contact (all their numbers) or unknown number, with the last message and unread count", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    // A text from a number no contact has yet; the contact is created afterwards.
    await h.deliver(messageReceived({ from: "+13125550120", to: number.e164, text: "who is this", at: at(0) }));
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", phones: ["+13125550120", "+13125550121"] } });
    await h.deliver(messageReceived({ from: "+13125550121", to: number.e164, text: "it's Ada (work phone)", at: at(10) }));
    await h.deliver(messageReceived({ from: "+13125550130", to: number.e164, text: "stranger 1", at: at(20) }));
    await h.deliver(messageReceived({ from: "+13125550130", to: number.e164, text: "stranger 2", at: at(30) }));
    await api.messages.send({ contactId: ada.id, body: "hi Ada" });

    const threads = await api.messages.threads({});
    expect(threads.total).toBe(2);
    expect(threads.items.map((th) => [th.key, th.lastMessage.body, th.unreadCount, th.messageCount])).toEqual([
      [`contact:${ada.id}`, "hi Ada", 2, 3],
      ["number:+13125550130", "stranger 2", 2, 2],
    ]);
    expect(threads.items[0]?.contact).toEqual({ id: ada.id, firstName: "Ada", lastName: null });

    const page = await api.messages.thread({ contactId: ada.id, limit: 2 });
    expect(page.items.map((m) => m.body)).toEqual(["hi Ada", "it's Ada (work phone)"]);
    expect(page.nextCursor).not.toBeNull();
    const older = await api.messages.thread({ contactId: ada.id, limit: 2, cursor: page.nextCursor });
    expect(older.items.map((m) => m.body)).toEqual(["who is this"]);
    expect(older.nextCursor).toBeNull();
    // Asking by one of Ada's numbers opens Ada's thread.
    expect((await api.messages.thread({ number: "(312) 555-0120" })).contact?.id).toBe(ada.id);

    const unreadNotices = () => t.db.notification.count({ where: { userId: user.id, type: "new_message", readAt: null } });
    expect(await unreadNotices()).toBe(4);
    expect(await api.messages.markRead({ contactId: ada.id })).toEqual({ updated: 2 });
    // Reading Ada's thread reads her two "new text" notices, not the stranger's.
    expect(await unreadNotices()).toBe(2);
    expect(await api.messages.markRead({ contactId: ada.id })).toEqual({ updated: 0 });
    const stranger = await api.messages.thread({ number: "+13125550130" });
    expect(await api.messages.markRead({ ids: [stranger.items[0]!.id] })).toEqual({ updated: 1 });
    expect((await api.messages.threads({})).items.map((th) => th.unreadCount)).toEqual([0, 1]);
    expect(await api.messages.threads({ page: 5, pageSize: 1 })).toMatchObject({ items: [], total: 2 });
  });

  it("never shows or touches another user's messages", async () => {
    const { user: owner, number } = await createTelnyxUser(t.db);
    const ada = await t.db.contact.create({ data: { userId: owner.id, firstName: "Ada", phones: ["+13125550140"] } });
    await h.deliver(messageReceived({ from: "+13125550140", to: number.e164, text: "private", at: at(0) }));
    const message = await t.db.message.findFirstOrThrow({ where: { userId: owner.id } });

    const intruder = await callerFor(t.db, await createTestUser(t.db), { telephony: h.telnyx });
    expect((await intruder.messages.threads({})).total).toBe(0);
    await expect(intruder.messages.thread({ contactId: ada.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await intruder.messages.thread({ number: "+13125550140" })).items).toEqual([]);
    expect(await intruder.messages.markRead({ ids: [message.id] })).toEqual({ updated: 0 });
    expect(await t.db.notification.count({ where: { userId: owner.id, type: "new_message", readAt: null } })).toBe(1);
    await expect(intruder.messages.send({ contactId: ada.id, body: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await t.db.message.findUniqueOrThrow({ where: { id: message.id } })).readAt).toBeNull();
  });
});

describe("delivery status order", () => {
  it("moves forward only and never leaves a final status", () => {
    expect(nextStatus("queued", "sent")).toBe("sent");
    expect(nextStatus("sent", "queued")).toBe("sent");
    expect(nextStatus("sent", "delivered")).toBe("delivered");
    expect(nextStatus("delivered", "sent")).toBe("delivered");
    expect(nextStatus("delivered", "delivery_failed")).toBe("delivered");
    expect(nextStatus("queued", "delivery_failed")).toBe("delivery_failed");
    expect(nextStatus("not_sent", "sent")).toBe("not_sent");
    expect(nextStatus("sending", null)).toBe("sending");
  });
});
