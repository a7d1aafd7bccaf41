import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "~/test/errors";
import { nextOccurrence, nextOccurrences, scheduleText, startInstant, validateSchedule, type ScheduleSpec } from "./schedule";

/** The wall-clock time of an instant in a zone, "YYYY-MM-DD HH:MM". */
function wall(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

const fails = (fn: () => unknown) =>
  fieldErrorsOf(
    (async () => {
      fn();
    })(),
  );

describe("schedules across daylight-saving changes", () => {
  const cases = [
    // US: clocks forward 2027-03-14, back 2027-11-07. EU: forward 2027-03-28, back 2027-10-31.
    { zone: "America/New_York", start: "2027-03-11T20:00", spans: "March", offsets: [-5, -5, -5, -4, -4, -4] },
    { zone: "America/New_York", start: "2027-11-04T20:00", spans: "November", offsets: [-4, -4, -4, -5, -5, -5] },
    { zone: "Europe/Berlin", start: "2027-03-25T20:00", spans: "March", offsets: [1, 1, 1, 2, 2, 2] },
    { zone: "Europe/Berlin", start: "2027-10-28T20:00", spans: "October", offsets: [2, 2, 2, 1, 1, 1] },
  ];
  for (const c of cases) {
    it(`keeps 8:00 PM local every day in ${c.zone} across the ${c.spans} change`, () => {
      const spec: ScheduleSpec = { timeZone: c.zone, startsAtLocal: c.start, rrule: "FREQ=DAILY" };
      const times = nextOccurrences(spec, new Date(startInstant(spec).getTime() - 1), 6);
      expect(times).toHaveLength(6);
      for (const time of times) expect(wall(time, c.zone).slice(11)).toBe("20:00");
      // The UTC instant moves by the offset change, which is what makes the wall clock stay put.
      for (let i = 0; i < times.length; i++) {
        expect((times[i]!.getUTCHours() + 24) % 24).toBe((20 - c.offsets[i]! + 24) % 24);
      }
      const gaps = times.slice(1).map((t, i) => (t.getTime() - times[i]!.getTime()) / 3_600_000);
      expect(gaps).toContain(c.offsets[3]! > c.offsets[2]! ? 23 : 25);
    });
  }

  it("fires weekly on chosen days at the same wall-clock time after the change", () => {
    const spec: ScheduleSpec = { timeZone: "America/New_York", startsAtLocal: "2027-03-01T08:00", rrule: "FREQ=WEEKLY;BYDAY=MO,WE,FR" };
    const times = nextOccurrences(spec, new Date("2027-03-10T00:00:00Z"), 4);
    expect(times.map((t) => wall(t, "America/New_York"))).toEqual(["2027-03-10 08:00", "2027-03-12 08:00", "2027-03-15 08:00", "2027-03-17 08:00"]);
  });

  it("a single time fires once, and nothing after it", () => {
    const spec: ScheduleSpec = { timeZone: "Europe/Berlin", startsAtLocal: "2027-06-01T09:30", rrule: null };
    const at = nextOccurrence(spec, new Date("2027-01-01T00:00:00Z"));
    expect(at?.toISOString()).toBe("2027-06-01T07:30:00.000Z");
    expect(nextOccurrence(spec, at!)).toBeNull();
  });

  it("counts and ends: COUNT stops the schedule", () => {
    const spec: ScheduleSpec = { timeZone: "UTC", startsAtLocal: "2027-01-01T10:00", rrule: "FREQ=DAILY;COUNT=3" };
    expect(nextOccurrences(spec, new Date("2026-12-31T00:00:00Z"), 10)).toHaveLength(3);
  });
});

describe("schedule validation (field errors)", () => {
  const now = new Date("2027-02-01T00:00:00Z");

  it("refuses a start time inside a DST gap instead of shifting it", async () => {
    const spec = { timeZone: "America/New_York", startsAtLocal: "2027-03-14T02:30", rrule: "FREQ=DAILY" };
    const errors = await fails(() => validateSchedule(spec, now));
    expect(errors.startsAtLocal?.[0]).toMatch(/does not exist in America\/New_York/);
    await expect(fails(() => validateSchedule({ ...spec, timeZone: "Europe/Berlin", startsAtLocal: "2027-03-28T02:15" }, now))).resolves.toHaveProperty("startsAtLocal");
  });

  it("accepts a time that happens twice (clocks back) as its first instance", () => {
    expect(startInstant({ timeZone: "America/New_York", startsAtLocal: "2027-11-07T01:30" }).toISOString()).toBe("2027-11-07T05:30:00.000Z");
  });

  it("refuses a rule that never fires after now", async () => {
    expect((await fails(() => validateSchedule({ timeZone: "UTC", startsAtLocal: "2026-01-01T10:00", rrule: "FREQ=DAILY;COUNT=3" }, now))).rrule?.[0]).toMatch(
      /never fires/,
    );
    expect((await fails(() => validateSchedule({ timeZone: "UTC", startsAtLocal: "2027-01-01T10:00", rrule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" }, now))).rrule?.[0]).toMatch(
      /never fires/,
    );
    expect((await fails(() => validateSchedule({ timeZone: "UTC", startsAtLocal: "2026-01-01T10:00", rrule: null }, now))).startsAtLocal?.[0]).toMatch(/passed/);
  });

  it("refuses a rule that fires more often than every 5 minutes", async () => {
    for (const rrule of ["FREQ=MINUTELY", "FREQ=MINUTELY;INTERVAL=4", "FREQ=DAILY;BYHOUR=8;BYMINUTE=0,2", "FREQ=SECONDLY;INTERVAL=30"]) {
      const errors = await fails(() => validateSchedule({ timeZone: "UTC", startsAtLocal: "2027-03-01T08:00", rrule }, now));
      expect(errors.rrule?.[0], rrule).toMatch(/at most every 5 minutes/);
    }
    expect(validateSchedule({ timeZone: "UTC", startsAtLocal: "2027-03-01T08:00", rrule: "FREQ=MINUTELY;INTERVAL=5" }, now)).toEqual(
      new Date("2027-03-01T08:00:00Z"),
    );
  });

  it("refuses a malformed rule and lines smuggled after it", async () => {
    expect((await fails(() => validateSchedule({ timeZone: "UTC", startsAtLocal: "2027-03-01T08:00", rrule: "FREQ=FORTNIGHTLY" }, now))).rrule).toBeDefined();
    expect(
      (await fails(() => validateSchedule({ timeZone: "UTC", startsAtLocal: "2027-03-01T08:00", rrule: "FREQ=DAILY\nRDATE:20270302T080000Z" }, now))).rrule,
    ).toBeDefined();
  });

  it("raises typed errors, not crashes", () => {
    expect(() => validateSchedule({ timeZone: "UTC", startsAtLocal: "2027-02-30T08:00", rrule: null }, now)).toThrow(TRPCError);
  });
});

describe("schedule text", () => {
  it("words common schedules", () => {
    const base = { timeZone: "America/New_York", startsAtLocal: "2027-03-01T20:00" };
    expect(scheduleText({ ...base, rrule: "FREQ=DAILY" })).toBe("every day at 8:00 PM");
    expect(scheduleText({ ...base, startsAtLocal: "2027-03-01T08:00", rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" })).toBe("every weekday at 8:00 AM");
    expect(scheduleText({ ...base, rrule: null })).toBe("once on Mon, Mar 1, 2027 at 8:00 PM");
    expect(scheduleText({ ...base, rrule: "FREQ=MONTHLY;BYDAY=2TU" })).toMatch(/2nd Tuesday at 8:00 PM/);
  });
});
