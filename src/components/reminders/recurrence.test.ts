import { describe, expect, it } from "vitest";
import { defaultRecurrence, fromRrule, toRrule, untilInstant, type Recurrence } from "./recurrence";

// Tuesday 8 December 2026, 8 PM: the second Tuesday of the month.
const START = "2026-12-08T20:00";
const ZONE = "America/New_York";

function builder(patch: Partial<Recurrence>): Recurrence {
  return { ...defaultRecurrence(START), ...patch };
}

describe("defaultRecurrence", () => {
  it("takes the start's weekday, day of the month and week of the month", () => {
    expect(defaultRecurrence(START)).toMatchObject({ days: ["TU"], monthDay: 8, nth: 2, nthDay: "TU" });
  });

  it("calls a fifth week the last one (there is no fifth Tuesday in most months)", () => {
    expect(defaultRecurrence("2026-12-29T09:00")).toMatchObject({ nth: -1, nthDay: "TU", monthDay: 29 });
  });
});

describe("toRrule", () => {
  it.each<[Partial<Recurrence>, string | null]>([
    [{ mode: "once" }, null],
    [{ mode: "daily" }, "FREQ=DAILY"],
    [{ mode: "daily", interval: 2 }, "FREQ=DAILY;INTERVAL=2"],
    [{ mode: "weekdays", interval: 3 }, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    [{ mode: "weekly", days: ["FR", "MO", "WE", "MO"] }, "FREQ=WEEKLY;BYDAY=MO,WE,FR"],
    [{ mode: "monthly_day", monthDay: 15 }, "FREQ=MONTHLY;BYMONTHDAY=15"],
    [{ mode: "monthly_nth", nth: 2, nthDay: "TU" }, "FREQ=MONTHLY;BYDAY=2TU"],
    [{ mode: "monthly_nth", nth: -1, nthDay: "FR" }, "FREQ=MONTHLY;BYDAY=-1FR"],
    [{ mode: "daily", end: "count", count: 30 }, "FREQ=DAILY;COUNT=30"],
    [{ mode: "custom", custom: " RRULE:FREQ=YEARLY;BYMONTH=3 " }, "FREQ=YEARLY;BYMONTH=3"],
    [{ mode: "custom", custom: "   " }, null],
  ])("%j → %s", (patch, expected) => {
    expect(toRrule(builder(patch), ZONE)).toBe(expected);
  });

  it("ends on the last second of the chosen day in the reminder's zone, as a UTC instant", () => {
    // 31 Dec 23:59:59 in New York (EST, UTC-5) is 1 Jan 04:59:59 UTC.
    expect(toRrule(builder({ mode: "daily", end: "until", until: "2026-12-31" }), ZONE)).toBe(
      "FREQ=DAILY;UNTIL=20270101T045959Z",
    );
    // In Berlin in summer (CEST, UTC+2) the same day ends at 21:59:59 UTC.
    expect(untilInstant("2026-07-31", "Europe/Berlin")).toBe("20260731T215959Z");
  });
});

describe("fromRrule", () => {
  it.each<[string | null, Partial<Recurrence>]>([
    [null, { mode: "once" }],
    ["FREQ=DAILY", { mode: "daily", interval: 1, end: "never" }],
    ["RRULE:FREQ=DAILY;INTERVAL=2;COUNT=5", { mode: "daily", interval: 2, end: "count", count: 5 }],
    ["FREQ=WEEKLY;BYDAY=FR,MO,TU,WE,TH", { mode: "weekdays" }],
    ["FREQ=WEEKLY;BYDAY=SA,MO", { mode: "weekly", days: ["MO", "SA"] }],
    ["FREQ=WEEKLY", { mode: "weekly", days: ["TU"] }],
    ["FREQ=MONTHLY;BYMONTHDAY=31", { mode: "monthly_day", monthDay: 31 }],
    ["FREQ=MONTHLY;BYDAY=-1SU", { mode: "monthly_nth", nth: -1, nthDay: "SU" }],
    ["FREQ=DAILY;UNTIL=20270101T045959Z", { mode: "daily", end: "until", until: "2026-12-31" }],
  ])("%s → %j", (rrule, expected) => {
    expect(fromRrule(rrule, START, ZONE)).toMatchObject(expected);
  });

  it.each([
    "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1",
    "FREQ=MONTHLY;BYDAY=5TU",
    "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
    "FREQ=HOURLY;INTERVAL=6",
    "FREQ=WEEKLY;BYDAY=XX",
    "FREQ=DAILY;COUNT=0",
    "FREQ=DAILY;COUNT=3;UNTIL=20270101",
  ])("keeps a rule the builder has no shape for as custom text: %s", (rrule) => {
    const read = fromRrule(rrule, START, ZONE);
    expect(read).toMatchObject({ mode: "custom", custom: rrule });
    expect(toRrule(read, ZONE)).toBe(rrule);
  });

  it("writes back what it read for every builder shape", () => {
    for (const rrule of [
      "FREQ=DAILY",
      "FREQ=DAILY;INTERVAL=3;COUNT=4",
      "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
      "FREQ=MONTHLY;BYMONTHDAY=8",
      "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270601T035959Z",
    ]) {
      expect(toRrule(fromRrule(rrule, START, ZONE), ZONE)).toBe(rrule);
    }
  });
});
