import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma, User } from "~/generated/prisma/client";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { dailyCallVolume, hourlyHeatmap, sentimentBreakdown, VOLUME_DAYS } from "./activity";
import { contactsToReconnect, topContacts } from "./relationships";
import { dashboardSummary } from "./summary";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

/** Saturday 15 June 2030, 12:00 in Berlin (CEST, UTC+2). */
const now = new Date("2030-06-15T10:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

async function userIn(timezone: string): Promise<User> {
  const user = await createTestUser(t.db);
  return t.db.user.update({ where: { id: user.id }, data: { timezone } });
}

function addCall(userId: string, startedAt: Date | string, data: Partial<Prisma.CallUncheckedCreateInput> = {}) {
  return t.db.call.create({
    data: {
      userId,
      direction: "inbound",
      status: "completed",
      fromNumber: "+15550000002",
      toNumber: "+15550000001",
      counterpartNumber: "+15550000002",
      startedAt: new Date(startedAt),
      ...data,
    },
  });
}

function addContact(userId: string, firstName: string, relationshipScore: number, lastContactedAt: Date | null) {
  return t.db.contact.create({ data: { userId, firstName, relationshipScore, lastContactedAt, phones: ["+15550000009"] } });
}

/** A second account with calls and contacts everywhere, which must never show up. */
async function someoneElse() {
  const other = await userIn("Europe/Berlin");
  for (const at of ["2030-06-10T12:00:00Z", "2030-06-14T23:30:00Z", daysAgo(1)]) {
    await addCall(other.id, at, { sentimentLabel: "negative", direction: "outbound" });
  }
  await addContact(other.id, "Stranger", 99, daysAgo(60));
  await addContact(other.id, "Friend of a stranger", 98, daysAgo(1));
  return other;
}

describe("dailyCallVolume", () => {
  it("counts calls per day and direction in the user's zone, 30 days oldest first, empty days 0", async () => {
    const user = await userIn("Europe/Berlin");
    await someoneElse();
    // 23:30 UTC is 01:30 the next day in Berlin.
    await addCall(user.id, "2030-06-10T23:30:00Z");
    await addCall(user.id, "2030-06-10T12:00:00Z", { direction: "outbound" });
    await addCall(user.id, "2030-06-10T21:59:00Z", { direction: "outbound" });
    // The window's first instant is Berlin midnight of 17 May (22:00 UTC the day before)...
    await addCall(user.id, "2030-05-16T22:00:00Z");
    // ...and a minute earlier is outside it, as is the next Berlin day.
    await addCall(user.id, "2030-05-16T21:59:00Z");
    await addCall(user.id, "2030-06-15T22:00:00Z");

    const days = await dailyCallVolume(t.db, user.id, "Europe/Berlin", now);
    expect(days).toHaveLength(VOLUME_DAYS);
    expect(days[0]).toEqual({ date: "2030-05-17", inbound: 1, outbound: 0 });
    expect(days.at(-1)).toEqual({ date: "2030-06-15", inbound: 0, outbound: 0 });
    expect(days.find((d) => d.date === "2030-06-10")).toEqual({ date: "2030-06-10", inbound: 0, outbound: 2 });
    expect(days.find((d) => d.date === "2030-06-11")).toEqual({ date: "2030-06-11", inbound: 1, outbound: 0 });
    const busy = new Set(["2030-05-17", "2030-06-10", "2030-06-11"]);
    for (const day of days.filter((d) => !busy.has(d.date))) expect(day).toMatchObject({ inbound: 0, outbound: 0 });

    // The same instants fall on other days for a user in UTC.
    const utc = await dailyCallVolume(t.db, user.id, "UTC", now);
    expect(utc.find((d) => d.date === "2030-06-10")).toEqual({ date: "2030-06-10", inbound: 1, outbound: 2 });
    expect(utc.find((d) => d.date === "2030-06-11")).toEqual({ date: "2030-06-11", inbound: 0, outbound: 0 });
  });

  it("gives 30 consecutive calendar days across a daylight-saving change", async () => {
    const user = await userIn("Europe/Berlin");
    // Berlin moved to summer time on 31 March 2030: that day is 23 hours long.
    await addCall(user.id, "2030-03-31T22:30:00Z");
    const days = await dailyCallVolume(t.db, user.id, "Europe/Berlin", new Date("2030-04-10T10:00:00Z"));
    const dates = days.map((d) => d.date);
    expect(dates[0]).toBe("2030-03-12");
    expect(dates.at(-1)).toBe("2030-04-10");
    expect(new Set(dates).size).toBe(VOLUME_DAYS);
    expect(days.find((d) => d.date === "2030-04-01")).toMatchObject({ inbound: 1 });
  });
});

describe("sentimentBreakdown", () => {
  it("counts analysed calls of the last 30 days by label", async () => {
    const user = await userIn("Europe/Berlin");
    await someoneElse();
    await addCall(user.id, daysAgo(1), { sentimentLabel: "positive" });
    await addCall(user.id, daysAgo(2), { sentimentLabel: "positive" });
    await addCall(user.id, daysAgo(3), { sentimentLabel: "mixed" });
    await addCall(user.id, daysAgo(29), { sentimentLabel: "negative" });
    // Not analysed, and analysed but too old.
    await addCall(user.id, daysAgo(1));
    await addCall(user.id, daysAgo(31), { sentimentLabel: "positive" });

    expect(await sentimentBreakdown(t.db, user.id, "Europe/Berlin", now)).toEqual({
      positive: 2,
      neutral: 0,
      negative: 1,
      mixed: 1,
      total: 4,
    });
  });
});

describe("hourlyHeatmap", () => {
  it("buckets the last 90 days by weekday (Monday first) and hour in the user's zone", async () => {
    const user = await userIn("Europe/Berlin");
    await someoneElse();
    // Monday 10 June 23:30 UTC is Tuesday 01:30 in Berlin.
    await addCall(user.id, "2030-06-10T23:30:00Z");
    // Tuesdays 14:xx Berlin (12:xx UTC), three weeks running: the busiest slot.
    for (const day of ["2030-05-28", "2030-06-04", "2030-06-11"]) await addCall(user.id, `${day}T12:15:00Z`);
    // Sunday 15:00 Berlin.
    await addCall(user.id, "2030-06-09T13:00:00Z", { direction: "outbound" });
    // 91 days ago is outside the window.
    await addCall(user.id, daysAgo(91));

    const heatmap = await hourlyHeatmap(t.db, user.id, "Europe/Berlin", now);
    expect(heatmap.counts).toHaveLength(7);
    for (const hours of heatmap.counts) expect(hours).toHaveLength(24);
    expect(heatmap.counts[1]![1]).toBe(1);
    expect(heatmap.counts[1]![14]).toBe(3);
    expect(heatmap.counts[6]![15]).toBe(1);
    expect(heatmap.total).toBe(5);
    expect(heatmap.max).toBe(3);
    expect(heatmap.busiest).toEqual({ weekday: 1, hour: 14, count: 3 });
    expect(heatmap.counts.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("is empty without calls", async () => {
    const user = await userIn("UTC");
    expect(await hourlyHeatmap(t.db, user.id, "UTC", now)).toMatchObject({ total: 0, max: 0, busiest: null });
  });

  it("names a standout hour only when one hour has more calls than any other, and at least three", async () => {
    const user = await userIn("UTC");
    // Tuesdays 09:00 and Thursdays 16:00, three calls each: a tie, nothing stands out.
    for (const day of ["2030-05-28", "2030-06-04", "2030-06-11"]) await addCall(user.id, `${day}T09:10:00Z`);
    for (const day of ["2030-05-30", "2030-06-06", "2030-06-13"]) await addCall(user.id, `${day}T16:10:00Z`);
    const tied = await hourlyHeatmap(t.db, user.id, "UTC", now);
    expect(tied.busiest).toEqual({ weekday: 1, hour: 9, count: 3 });
    expect(tied.standout).toBeNull();
    // A fourth Tuesday call: now Tuesday 09:00 stands out.
    await addCall(user.id, "2030-05-21T09:40:00Z");
    expect((await hourlyHeatmap(t.db, user.id, "UTC", now)).standout).toEqual({ weekday: 1, hour: 9, count: 4 });

    // Two calls in one hour and one elsewhere: too few to call it a pattern.
    const sparse = await userIn("UTC");
    for (const at of ["2030-06-04T09:10:00Z", "2030-06-11T09:10:00Z", "2030-06-12T11:00:00Z"]) await addCall(sparse.id, at);
    const few = await hourlyHeatmap(t.db, sparse.id, "UTC", now);
    expect(few.busiest).toEqual({ weekday: 1, hour: 9, count: 2 });
    expect(few.standout).toBeNull();
  });
});

describe("greeting", () => {
  it("welcomes a new account and welcomes back one that is older than a day", async () => {
    const fresh = await t.db.user.update({
      where: { id: (await userIn("UTC")).id },
      data: { name: "Dana Board", createdAt: new Date(now.getTime() - 60 * 60 * 1000) },
    });
    expect((await dashboardSummary({ db: t.db, now: () => now }, fresh.id)).greeting).toBe("Welcome, Dana");
    await t.db.user.update({ where: { id: fresh.id }, data: { createdAt: daysAgo(2) } });
    expect((await dashboardSummary({ db: t.db, now: () => now }, fresh.id)).greeting).toBe("Welcome back, Dana");
    // Without a name: the email's local part.
    await t.db.user.update({ where: { id: fresh.id }, data: { name: null, email: "robin@example.test" } });
    expect((await dashboardSummary({ db: t.db, now: () => now }, fresh.id)).greeting).toBe("Welcome back, robin");
  });
});

describe("relationships", () => {
  it("lists the five highest scores, skipping unscored contacts", async () => {
    const user = await userIn("UTC");
    await someoneElse();
    await addContact(user.id, "Unscored", 0, daysAgo(1));
    for (const [name, score] of [["A", 40], ["B", 90], ["C", 70], ["D", 10], ["E", 55], ["F", 80]] as const) {
      await addContact(user.id, name, score, daysAgo(2));
    }
    // Equal scores: the more recently contacted first.
    await addContact(user.id, "C-recent", 70, daysAgo(1));

    const top = await topContacts(t.db, user.id);
    expect(top.map((c) => c.firstName)).toEqual(["B", "F", "C-recent", "C", "E"]);
  });

  it("suggests reconnecting with people silent for more than 30 whole days, strongest first, never the never-contacted", async () => {
    const user = await userIn("UTC");
    await someoneElse();
    await addContact(user.id, "Recent", 95, daysAgo(29));
    await addContact(user.id, "Exactly 30 days", 94, daysAgo(30));
    await addContact(user.id, "Never", 93, null);
    // 30 days and a minute: not yet "more than 30 days" for the contact page's insight either.
    await addContact(user.id, "Almost drifting", 85, new Date(daysAgo(30).getTime() - 60_000));
    await addContact(user.id, "Drifting close friend", 80, daysAgo(31));
    await addContact(user.id, "Long lost", 20, daysAgo(400));
    await addContact(user.id, "Quiet a while", 60, daysAgo(45));
    await addContact(user.id, "Quiet longer", 60, daysAgo(90));

    const reconnect = await contactsToReconnect(t.db, user.id, now);
    expect(reconnect.map((c) => [c.firstName, c.daysSinceContact])).toEqual([
      ["Drifting close friend", 31],
      ["Quiet longer", 90],
      ["Quiet a while", 45],
      ["Long lost", 400],
    ]);
    expect(reconnect[0]!.phones).toEqual(["+15550000009"]);
  });
});

describe("dashboard.summary", () => {
  it("is one user's dashboard in their zone, with their current profile name", async () => {
    const user = await userIn("Europe/Berlin");
    await someoneElse();
    // The tRPC procedure measures from the real clock.
    const realDaysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
    await addCall(user.id, realDaysAgo(1), { sentimentLabel: "neutral" });
    await addContact(user.id, "Maya", 88, realDaysAgo(40));
    await t.db.user.update({ where: { id: user.id }, data: { name: "Renamed Person" } });

    // The session still carries the old name; the dashboard reads the account.
    const caller = await callerFor(t.db, { ...user, name: "Old Name" });
    const summary = await caller.dashboard.summary();
    expect(summary.user).toEqual({ name: "Renamed Person", email: user.email, timeZone: "Europe/Berlin" });
    expect(summary.counts.contacts).toBe(1);
    expect(summary.sentiment.total).toBe(1);
    expect(summary.callVolume.reduce((n, d) => n + d.inbound + d.outbound, 0)).toBe(1);
    expect(summary.heatmap.total).toBe(1);
    expect(summary.topContacts.map((c) => c.firstName)).toEqual(["Maya"]);
    expect(summary.reconnect.map((c) => c.firstName)).toEqual(["Maya"]);
  });

  it("counts this week's calls from Monday midnight in the user's zone", async () => {
    const user = await userIn("Pacific/Auckland");
    // Saturday 15 June 22:00 in Auckland (UTC+12); its week began Monday 10 June 00:00 = 9 June 12:00 UTC.
    await addCall(user.id, "2030-06-09T12:00:00Z");
    await addCall(user.id, "2030-06-09T11:59:00Z");
    const summary = await dashboardSummary({ db: t.db, now: () => now }, user.id);
    expect(summary.counts.callsThisWeek).toBe(1);
  });

  it("is empty for a new account and refuses the signed-out", async () => {
    const user = await userIn("UTC");
    const summary = await dashboardSummary({ db: t.db, now: () => now }, user.id);
    expect(summary.topContacts).toEqual([]);
    expect(summary.reconnect).toEqual([]);
    expect(summary.callVolume).toHaveLength(VOLUME_DAYS);
    expect(summary.callVolume.every((d) => d.inbound === 0 && d.outbound === 0)).toBe(true);
    expect(summary.sentiment.total).toBe(0);
    expect(summary.heatmap.busiest).toBeNull();

    const anonymous = await callerFor(t.db, null);
    await expect(anonymous.dashboard.summary()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
