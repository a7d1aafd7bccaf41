import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "~/lib/highlight";
import { vectorLiteral } from "~/server/pipeline/embed";
import { createLocalEmbedder } from "~/server/providers/local-embedder";
import { embedCall } from "./embeddings/calls";
import { embedPending } from "./embeddings/embed";
import type { Embedder } from "~/server/providers/types";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { searchQueryInput, type SearchHit, type SearchQueryInput, type SearchType } from "./schemas";
import { searchEverything } from "./search";

/** search.query: contacts, calls, messages, tasks, events and reminders, the user's own only. */

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const local = createLocalEmbedder();
const NOW = new Date("2026-12-20T15:00:00Z");

function search(userId: string, q: string, extra: Omit<SearchQueryInput, "q"> = {}, embedder: Embedder = local) {
  return searchEverything({ db: t.db, providers: { embedder }, now: () => NOW }, userId, searchQueryInput.parse({ q, ...extra }));
}

/** The ids of the hits of `type` in grouped mode, best first. */
async function idsOf(userId: string, q: string, type: SearchType, extra: Omit<SearchQueryInput, "q"> = {}) {
  const result = await search(userId, q, { types: [type], limit: 20, ...extra });
  return result.groups.find((group) => group.type === type)?.hits.map((hit) => hit.id) ?? [];
}

async function hitOf(userId: string, q: string, type: SearchType, id: string): Promise<SearchHit | undefined> {
  const result = await search(userId, q, { types: [type], limit: 20 });
  return result.groups.find((group) => group.type === type)?.hits.find((hit) => hit.id === id);
}

interface Segment {
  speaker: number;
  start: number;
  end: number;
  text: string;
}

async function addCall(
  userId: string,
  data: { segments?: Segment[]; summary?: string; topics?: string[]; contactId?: string; counterpart?: string; embed?: boolean },
) {
  const transcript = data.segments?.map((segment) => segment.text).join(" ") ?? null;
  const counterpart = data.counterpart ?? "+13125550177";
  const call = await t.db.call.create({
    data: {
      userId,
      direction: "inbound",
      status: "completed",
      fromNumber: counterpart,
      toNumber: "+14155550100",
      counterpartNumber: counterpart,
      contactId: data.contactId,
      startedAt: new Date("2026-12-01T17:30:00Z"),
      transcriptText: transcript,
      transcriptSegments: data.segments as unknown as Prisma.InputJsonValue,
      summary: data.summary,
      topics: data.topics,
    },
  });
  if (data.embed) {
    const [vector] = await local.embed([[data.summary, transcript].filter(Boolean).join("\n\n")], { inputType: "document" });
    await t.db.$executeRaw`UPDATE "Call" SET embedding = ${vectorLiteral(vector!)}::halfvec, "embeddingModel" = ${local.model} WHERE id = ${call.id}`;
  }
  return call;
}

function addMessage(userId: string, body: string, options: { contactId?: string; counterpart?: string } = {}) {
  const counterpart = options.counterpart ?? "+13125550188";
  return t.db.message.create({
    data: {
      userId,
      direction: "inbound",
      fromNumber: counterpart,
      toNumber: "+14155550100",
      counterpartNumber: counterpart,
      contactId: options.contactId,
      body,
      deliveryStatus: "received",
      receivedAt: new Date("2026-12-02T09:00:00Z"),
    },
  });
}

function addTask(userId: string, title: string, extra: { description?: string; tags?: string[]; dueAt?: Date } = {}) {
  return t.db.task.create({ data: { userId, title, ...extra } });
}

function addEvent(userId: string, title: string, extra: { description?: string; location?: string } = {}) {
  return t.db.calendarEvent.create({
    data: { userId, title, startsAt: new Date("2026-12-22T16:00:00Z"), endsAt: new Date("2026-12-22T17:00:00Z"), ...extra },
  });
}

function addReminder(userId: string, title: string, message: string) {
  return t.db.reminder.create({
    data: {
      userId,
      kind: "custom",
      title,
      message,
      timeZone: "America/Chicago",
      startsAtLocal: "2026-12-24T09:00",
      channels: ["in_app"],
      nextDueAt: new Date("2026-12-24T15:00:00Z"),
    },
  });
}

/** A user in Chicago (dates in subtitles are in the user's zone). */
async function createUser() {
  const user = await createTestUser(t.db);
  await t.db.user.update({ where: { id: user.id }, data: { timezone: "America/Chicago" } });
  return user;
}

/** A user with John Smith (every contact field set) and a few other people. */
async function people() {
  const user = await createUser();
  const john = await t.db.contact.create({
    data: {
      userId: user.id,
      firstName: "John",
      lastName: "Smith",
      company: "Globex",
      jobTitle: "Harbormaster",
      emails: ["john.smith@globex.example", "jsmith@home.example"],
      phones: ["+13125550100"],
      notes: "Keeps a sailboat on Lake Michigan; ask about the regatta.",
      tags: ["golf-buddy", "vendor"],
    },
  });
  const others = await Promise.all([
    t.db.contact.create({ data: { userId: user.id, firstName: "Jane", lastName: "Smithers", phones: ["+14155550199"] } }),
    t.db.contact.create({ data: { userId: user.id, firstName: "Bob", lastName: "Jones", company: "Initech", phones: ["+15550100312"] } }),
    t.db.contact.create({ data: { userId: user.id, firstName: "Joanna", lastName: "Smyth", emails: ["joanna@globex.example"] } }),
  ]);
  return { user, john, others };
}

describe("contacts", () => {
  it("finds a contact by each of its fields", async () => {
    const { user, john } = await people();
    for (const q of [
      "John",
      "smith",
      "John Smith",
      "Joh", // as you type: the last word is a prefix
      "Globex",
      "harbormaster",
      "sailboat",
      "regatta michigan",
      "golf-buddy",
      "vendor",
      "john.smith@globex.example",
      "JSmith@Home.Example",
    ]) {
      expect((await idsOf(user.id, q, "contact"))[0], q).toBe(john.id);
    }
  });

  it("finds the same contact first for a phone number in any format", async () => {
    const { user, john, others } = await people();
    for (const q of ["(312) 555-0100", "312.555.0100", "+1 312 555 0100", "3125550100", "555-0100", "+13125550100", "1-312-555-0100"]) {
      const ids = await idsOf(user.id, q, "contact");
      expect(ids[0], q).toBe(john.id);
    }
    // "555-0100" is inside Bob's +1 555 010 0312 as well: found, after the number that ends with it.
    expect(await idsOf(user.id, "555-0100", "contact")).toEqual([john.id, others[1].id]);
    // In one list across types, too.
    expect((await search(user.id, "(312) 555-0100", { mode: "list" })).hits[0]?.id).toBe(john.id);
    // The number that matched is the snippet, as the user reads it.
    const hit = await hitOf(user.id, "312.555.0100", "contact", john.id);
    expect(hit?.snippet).toBe(`${HIGHLIGHT_START}(312) 555-0100${HIGHLIGHT_END}`);
    // Fewer than four digits is not a number search.
    expect(await idsOf(user.id, "010", "contact")).toEqual([]);
  });

  it("matches an email exactly or by its start, in any case", async () => {
    const { user, john, others } = await people();
    const joanna = others[2];
    expect(await idsOf(user.id, "JOANNA@GLOBEX.EXAMPLE", "contact")).toEqual([joanna.id]);
    expect((await idsOf(user.id, "joanna@glo", "contact"))[0]).toBe(joanna.id);
    expect((await idsOf(user.id, "jsmith@", "contact"))[0]).toBe(john.id);
    const hit = await hitOf(user.id, "jsmith@ho", "contact", john.id);
    expect(hit?.snippet).toBe(`${HIGHLIGHT_START}jsmith@ho${HIGHLIGHT_END}me.example`);
    // The exact address ranks before addresses it only starts.
    const jo = await t.db.contact.create({ data: { userId: user.id, firstName: "Zed", emails: ["joanna@globex.example.org"] } });
    expect(await idsOf(user.id, "joanna@globex.example", "contact")).toEqual([joanna.id, jo.id]);
  });

  it("finds a name with typos", async () => {
    const { user, john } = await people();
    expect((await idsOf(user.id, "Jonh Smiht", "contact"))[0]).toBe(john.id);
    // One word: its pieces ("jon", "onh") are not in "John", its one-typo variant's ("joh") are
    // (after Bob Jones: "jonh" shares more with "Jones").
    expect(await idsOf(user.id, "jonh", "contact")).toContain(john.id);
    expect((await idsOf(user.id, "smiht", "contact"))[0]).toBe(john.id);
    const hit = await hitOf(user.id, "Jonh Smiht", "contact", john.id);
    expect(hit).toMatchObject({ title: "John Smith", subtitle: "Harbormaster, Globex", snippet: null, href: `/contacts/${john.id}`, at: null });
  });

  it("shows where a contact matched when it is not the name", async () => {
    const { user, john } = await people();
    const hit = await hitOf(user.id, "regatta", "contact", john.id);
    expect(hit?.snippet).toContain(`${HIGHLIGHT_START}regatta${HIGHLIGHT_END}`);
  });
});

describe("calls", () => {
  const segments: Segment[] = [
    { speaker: 0, start: 0, end: 4.2, text: "Hi, thanks for calling back." },
    { speaker: 1, start: 4.5, end: 11, text: "Sure. I wanted to talk about the invoice from last month." },
    { speaker: 0, start: 11.2, end: 42, text: "Of course. The invoice is paid, it went out on Monday." },
    { speaker: 1, start: 42.7, end: 55, text: "Great. Then about the renewal price: can we keep the renewal price at last year's rate?" },
    { speaker: 0, start: 55.3, end: 60, text: "I think we can keep the price." },
  ];

  it("opens a transcript hit at the second its best segment starts", async () => {
    const user = await createUser();
    const call = await addCall(user.id, { segments, summary: "Invoice paid; renewal pricing discussed.", embed: true });
    const hit = await hitOf(user.id, "renewal price", "call", call.id);
    expect(hit).toMatchObject({ seconds: 42, href: `/calls/${call.id}?t=42`, at: call.startedAt });
    expect(hit?.snippet).toContain(`${HIGHLIGHT_START}renewal${HIGHLIGHT_END} ${HIGHLIGHT_START}price${HIGHLIGHT_END}`);
    expect(hit?.title).toBe("(312) 555-0177");
    // The second is the hit's `seconds` (the palette shows it), not repeated in the subtitle.
    expect(hit?.subtitle).toBe("Incoming call · Dec 1, 11:30 AM");
    // Most of the query's words wins over the first segment with one of them.
    expect((await hitOf(user.id, "paid invoice", "call", call.id))?.seconds).toBe(11);
    // The first of equals.
    expect((await hitOf(user.id, "invoice", "call", call.id))?.seconds).toBe(4);
  });

  it("finds a call by its summary, its topics and its transcript", async () => {
    const user = await createUser();
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", lastName: "Lovelace" } });
    const call = await addCall(user.id, { segments, summary: "Quarterly budget reconciliation.", topics: ["Procurement", "Vendor onboarding"], contactId: ada.id });
    await addCall(user.id, { segments: [{ speaker: 0, start: 0, end: 3, text: "Happy birthday!" }], summary: "Birthday wishes." });
    for (const q of ["budget reconciliation", "procurement", "onboarding", "monday", "renewal"]) {
      expect(await idsOf(user.id, q, "call"), q).toEqual([call.id]);
    }
    const bySummary = await hitOf(user.id, "budget", "call", call.id);
    expect(bySummary).toMatchObject({ title: "Ada Lovelace", seconds: null, href: `/calls/${call.id}` });
    expect(bySummary?.snippet).toContain(`${HIGHLIGHT_START}budget${HIGHLIGHT_END}`);
    expect((await hitOf(user.id, "procurement", "call", call.id))?.snippet).toContain(`${HIGHLIGHT_START}Procurement${HIGHLIGHT_END}`);
    // By the other party's number.
    expect(await idsOf(user.id, "(312) 555-0177", "call")).toHaveLength(2);
  });

  it("finds calls by words when the embedder is down", async () => {
    const user = await createUser();
    const call = await addCall(user.id, { segments, embed: true });
    const down: Embedder = { model: local.model, relatedAbove: local.relatedAbove, embed: () => Promise.reject(new Error("voyage: 503")) };
    const result = await search(user.id, "invoice", { types: ["call"] }, down);
    expect(result.groups[0]?.hits.map((hit) => hit.id)).toEqual([call.id]);
  });
});

describe("messages, tasks, events and reminders", () => {
  it("finds each by each of its fields", async () => {
    const user = await createUser();
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", lastName: "Lovelace" } });
    const text = await addMessage(user.id, "Running late, the ferry to Bainbridge is delayed", { contactId: ada.id });
    const unknown = await addMessage(user.id, "Your parcel is waiting at the depot", { counterpart: "+13125550166" });
    const task = await addTask(user.id, "Renew passport", { description: "Bring two photos to the consulate", tags: ["paperwork"], dueAt: new Date("2027-01-15T06:00:00Z") });
    const event = await addEvent(user.id, "Dentist appointment", { description: "Cleaning and x-rays", location: "Maple Street Clinic" });
    const reminder = await addReminder(user.id, "Water the orchids", "Time to water the orchids in the greenhouse");

    expect(await idsOf(user.id, "ferry delayed", "message")).toEqual([text.id]);
    expect(await idsOf(user.id, "parcel", "message")).toEqual([unknown.id]);
    for (const q of ["passport", "consulate photos", "paperwork"]) expect(await idsOf(user.id, q, "task"), q).toEqual([task.id]);
    for (const q of ["dentist", "x-rays", "maple clinic"]) expect(await idsOf(user.id, q, "event"), q).toEqual([event.id]);
    for (const q of ["orchids", "greenhouse"]) expect(await idsOf(user.id, q, "reminder"), q).toEqual([reminder.id]);

    expect(await hitOf(user.id, "ferry", "message", text.id)).toMatchObject({
      title: "Ada Lovelace",
      subtitle: "Text received · Dec 2, 3:00 AM",
      href: `/messages?contact=${ada.id}`,
      at: text.receivedAt,
    });
    expect((await hitOf(user.id, "ferry", "message", text.id))?.snippet).toContain(`${HIGHLIGHT_START}ferry${HIGHLIGHT_END}`);
    expect(await hitOf(user.id, "parcel", "message", unknown.id)).toMatchObject({
      title: "(312) 555-0166",
      href: `/messages?number=${encodeURIComponent("+13125550166")}`,
    });
    expect(await hitOf(user.id, "passport", "task", task.id)).toMatchObject({
      title: "Renew passport",
      subtitle: "To do · Due Jan 15, 2027",
      snippet: null,
      href: `/tasks?task=${task.id}`,
      at: task.dueAt,
    });
    expect((await hitOf(user.id, "consulate", "task", task.id))?.snippet).toContain(`${HIGHLIGHT_START}consulate${HIGHLIGHT_END}`);
    expect(await hitOf(user.id, "dentist", "event", event.id)).toMatchObject({
      title: "Dentist appointment",
      subtitle: "Dec 22, 10:00 AM · Maple Street Clinic",
      snippet: null,
      href: `/calendar?date=2026-12-22&event=${event.id}`,
      at: event.startsAt,
    });
    expect(await hitOf(user.id, "greenhouse", "reminder", reminder.id)).toMatchObject({
      title: "Water the orchids",
      subtitle: "Custom",
      href: `/reminders?tab=reminders&reminder=${reminder.id}`,
      at: reminder.nextDueAt,
    });
    expect((await hitOf(user.id, "greenhouse", "reminder", reminder.id))?.snippet).toContain(`${HIGHLIGHT_START}greenhouse${HIGHLIGHT_END}`);
  });

  it("ranks a title match above a description match", async () => {
    const user = await createUser();
    const inDescription = await addTask(user.id, "Call the bank", { description: "Ask about the mortgage rate" });
    const inTitle = await addTask(user.id, "Mortgage paperwork", { description: "Sign and return" });
    expect(await idsOf(user.id, "mortgage", "task")).toEqual([inTitle.id, inDescription.id]);
  });
});

describe("by meaning", () => {
  /** Indexed as the search.embed job and the call's embed stage do it. */
  async function index(userId: string, callIds: string[] = []) {
    await embedPending({ db: t.db, embedder: local }, userId);
    for (const id of callIds) expect(await embedCall({ db: t.db, embedder: local }, id)).toBe(true);
  }

  it("finds each type by meaning where its words do not match (misspelt), and only in the hybrid", async () => {
    const user = await createUser();
    const contact = await t.db.contact.create({
      data: { userId: user.id, firstName: "Priya", lastName: "Raman", notes: "Wants to refinance the mortgage before spring" },
    });
    const message = await addMessage(user.id, "Your dentist appointment is confirmed for Tuesday morning");
    const task = await addTask(user.id, "Renew the car insurance policy");
    const event = await addEvent(user.id, "Quarterly budget review");
    const reminder = await addReminder(user.id, "Blood pressure medication", "Take the blood pressure medication with breakfast");
    // Noise of every type, so that "found" means "ranked", not "the only row".
    await t.db.contact.create({ data: { userId: user.id, firstName: "Tom", lastName: "Baker", notes: "Plays tennis on Sundays" } });
    await addMessage(user.id, "The parcel arrived at the front desk");
    await addTask(user.id, "Water the office plants");
    await addEvent(user.id, "Team lunch");
    await addReminder(user.id, "Call mom", "Ask about the garden");
    await index(user.id);

    const cases: [SearchType, string, string][] = [
      ["contact", "refinanse the mortgage", contact.id],
      ["message", "dentst apointment", message.id],
      ["task", "car insurence polcy", task.id],
      ["event", "quartrly budgt reviw", event.id],
      ["reminder", "blod presure medicaton", reminder.id],
    ];
    for (const [type, q, id] of cases) {
      const byText = await searchEverything({ db: t.db, providers: { embedder: local }, methods: "text" }, user.id, searchQueryInput.parse({ q, types: [type] }));
      expect(byText.groups.flatMap((group) => group.hits.map((hit) => hit.id)), `${type} by words`).not.toContain(id);
      const hybrid = await search(user.id, q, { types: [type], limit: 20 });
      expect(hybrid.groups[0]?.hits[0]?.id, `${type}: ${q}`).toBe(id);
    }
    // A message found by meaning shows its words (there is nothing to highlight).
    const [hit] = (await search(user.id, "dentst apointment", { types: ["message"] })).groups[0]!.hits;
    expect(hit!.snippet).toContain("dentist appointment");
  });

  it("opens a call found by meaning at its nearest transcript piece", async () => {
    const user = await createUser();
    const filler = (from: number) =>
      Array.from({ length: 12 }, (_, i) => ({
        speaker: i % 2,
        start: from + i * 8,
        end: from + i * 8 + 7,
        text: "We went over the weather, the traffic on the highway and how the kids are doing at school this term.",
      }));
    const call = await addCall(user.id, {
      segments: [
        ...filler(0),
        { speaker: 0, start: 131.5, end: 140, text: "About the renewal: the annual subscription price goes up to four thousand dollars." },
        { speaker: 1, start: 140.5, end: 150, text: "Can we lock the renewal price for two years if we sign this month?" },
        ...filler(151),
      ],
    });
    await addCall(user.id, { segments: filler(0) });
    await index(user.id, [call.id]);
    const pieces = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "CallChunk" WHERE "callId" = ${call.id}`;
    expect(pieces[0]!.n).toBeGreaterThan(2);

    // Misspelt: the words match nothing; meaning finds the call and the piece.
    const hit = await hitOf(user.id, "renewel subscripton pricing", "call", call.id);
    expect(hit).toBeDefined();
    // The piece that holds the renewal segments (131.5 s and 140.5 s), wherever the chunker began it.
    const [piece] = await t.db.$queryRaw<{ start: number }[]>`
      SELECT "startSeconds" AS start FROM "CallChunk" WHERE "callId" = ${call.id} AND "startSeconds" <= 131.5 AND "endSeconds" >= 140`;
    expect(piece).toBeDefined();
    expect(hit!.seconds).toBe(Math.floor(piece!.start));
    expect(hit!.seconds).toBeGreaterThan(0);
    expect(hit!.href).toBe(`/calls/${call.id}?t=${hit!.seconds}`);
  });
});

describe("modes", () => {
  it("groups the best of each type, or pages one ranked list across types", async () => {
    const user = await createUser();
    const contact = await t.db.contact.create({ data: { userId: user.id, firstName: "Invoice", lastName: "Desk", company: "Billing" } });
    const tasks = [];
    for (let i = 0; i < 7; i++) tasks.push(await addTask(user.id, `Send invoice ${i + 1}`));
    const messages = [];
    for (let i = 0; i < 3; i++) messages.push(await addMessage(user.id, `Did you get invoice number ${i + 40}?`));
    const event = await addEvent(user.id, "Invoice review");

    const grouped = await search(user.id, "invoice", { limit: 5 });
    expect(grouped.hits).toEqual([]);
    expect(grouped.groups.map((group) => [group.type, group.hits.length, group.more])).toEqual([
      ["contact", 1, false],
      ["message", 3, false],
      ["task", 5, true],
      ["event", 1, false],
    ]);
    for (const group of grouped.groups) {
      const scores = group.hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(group.hits.every((hit) => hit.type === group.type)).toBe(true);
    }

    const all = [contact.id, event.id, ...tasks.map((x) => x.id), ...messages.map((x) => x.id)];
    const seen: SearchHit[] = [];
    for (let page = 1; ; page++) {
      const result = await search(user.id, "invoice", { mode: "list", limit: 4, page });
      expect(result.groups).toEqual([]);
      seen.push(...result.hits);
      if (!result.hasMore) {
        expect(page).toBe(3);
        break;
      }
      expect(result.hits).toHaveLength(4);
    }
    expect(seen.map((hit) => hit.id).sort()).toEqual(all.sort());
    const scores = seen.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The contact (boosted, name and full text) leads the list.
    expect(seen[0]?.id).toBe(contact.id);
    expect((await search(user.id, "invoice", { mode: "list", limit: 4, page: 4 })).hits).toEqual([]);

    // Only the types asked for.
    const onlyTasks = await search(user.id, "invoice", { types: ["task", "event"], limit: 50 });
    expect(onlyTasks.groups.map((group) => [group.type, group.hits.length])).toEqual([
      ["task", 7],
      ["event", 1],
    ]);
  });
});

describe("isolation", () => {
  it("never returns another user's rows, even when they would rank higher", async () => {
    const { user, john } = await people();
    const call = await addCall(user.id, { segments: [{ speaker: 0, start: 3, end: 9, text: "About the renewal, John." }], embed: true });
    const other = await createUser();
    // The other user's rows match better: same name and number, more of the words, more often.
    const mine = new Set<string>([john.id, call.id]);
    const theirs = new Set<string>();
    const add = (row: { id: string }) => theirs.add(row.id);
    add(
      await t.db.contact.create({
        data: {
          userId: other.id,
          firstName: "John",
          lastName: "Smith",
          company: "John Smith Renewal",
          emails: ["john.smith@globex.example"],
          phones: ["+13125550100"],
          notes: "John Smith renewal renewal renewal",
          tags: ["john", "renewal"],
        },
      }),
    );
    add(await addCall(other.id, { segments: [{ speaker: 0, start: 0, end: 5, text: "John Smith renewal renewal renewal" }], summary: "John Smith renewal", topics: ["renewal"], embed: true, counterpart: "+13125550100" }));
    add(await addMessage(other.id, "John Smith renewal renewal"));
    add(await addTask(other.id, "John Smith renewal", { description: "renewal renewal", tags: ["renewal"] }));
    add(await addEvent(other.id, "John Smith renewal", { location: "renewal" }));
    add(await addReminder(other.id, "John Smith renewal", "renewal renewal"));

    for (const q of ["John Smith", "renewal", "Jonh Smiht", "(312) 555-0100", "john.smith@globex.example", "john renewal", "joh"]) {
      const grouped = await search(user.id, q, { limit: 50 });
      const listed = await search(user.id, q, { mode: "list", limit: 50 });
      const ids = [...grouped.groups.flatMap((group) => group.hits), ...listed.hits].map((hit) => hit.id);
      expect(ids.filter((id) => theirs.has(id)), q).toEqual([]);
      expect(ids.some((id) => mine.has(id)), q).toBe(true);
    }

    // Through tRPC, as the other user: only theirs.
    const api = await callerFor(t.db, other);
    const result = await api.search.query({ q: "john smith renewal", mode: "list", limit: 50 });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.filter((hit) => mine.has(hit.id))).toEqual([]);
    const phone = await api.search.query({ q: "312-555-0100" });
    expect(phone.groups.flatMap((group) => group.hits).filter((hit) => mine.has(hit.id))).toEqual([]);
  });
});

describe("bad input", () => {
  it("returns without error for empty, punctuation, emoji, tsquery and SQL syntax", async () => {
    const { user, john } = await people();
    await addTask(user.id, "Fix the roof");
    const nothing = ["", "   ", "!!!", "?", "🙂🙂🙂", "—", "&", "|", "!", "()", ":*", "<->", "' \"", "\\", "\\\\", "%", "_", "*"];
    for (const q of nothing) {
      const result = await search(user.id, q);
      expect(result, JSON.stringify(q)).toEqual({ q: q.trim(), groups: [], hits: [], hasMore: false });
      expect((await search(user.id, q, { mode: "list" })).hits, JSON.stringify(q)).toEqual([]);
    }
    const odd = [
      "john & smith",
      "john | smith",
      "!john",
      "(john)",
      "john:*",
      "john <-> smith",
      "john<2>smith",
      "'john'",
      '"john smith"',
      "john\\",
      "john'; DROP TABLE \"Contact\"; --",
      "' OR 1=1 --",
      "john%",
      "jo_n",
      "smith -john",
      "roof!!!",
      "a",
      "the",
      "the and of",
      "🙂 roof 🙂",
      "x".repeat(500),
      "john ".repeat(100),
      "@",
      "@@@@",
      "+",
      "++1 (312)",
      "0000",
      "\u0000",
      "john\u0000smith",
    ];
    for (const q of odd) {
      await expect(search(user.id, q), JSON.stringify(q.slice(0, 40))).resolves.toMatchObject({ q: q.trim().slice(0, 500) });
      await expect(search(user.id, q, { mode: "list", page: 3, limit: 50 })).resolves.toBeDefined();
    }
    // Sensible results where there are words to go by.
    expect((await idsOf(user.id, "john & smith", "contact"))[0]).toBe(john.id);
    expect((await idsOf(user.id, "(john)", "contact"))[0]).toBe(john.id);
    expect((await idsOf(user.id, "john'; DROP TABLE \"Contact\"; --", "contact"))).toEqual([]);
    expect(await idsOf(user.id, "🙂 roof 🙂", "task")).toHaveLength(1);
    expect(await t.db.contact.count({ where: { userId: user.id } })).toBe(4);

    // Through tRPC: 10,000 characters are searched by their start; more is refused; signed out too.
    const api = await callerFor(t.db, user);
    const long = await api.search.query({ q: `roof ${"y".repeat(9_990)}` });
    expect(long.q).toHaveLength(500);
    await expect(api.search.query({ q: "x".repeat(10_001) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.search.query({ q: "roof", types: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const signedOut = await callerFor(t.db, null);
    await expect(signedOut.search.query({ q: "roof" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
