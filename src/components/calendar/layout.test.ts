import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { isSpanning, layoutBars, layoutDay, overlaps } from "./layout";

const tz = "America/New_York";
const at = (s: string) => new Date(s);
const ev = (id: string, startsAt: string, endsAt: string | null, allDay = false) => ({
  id,
  startsAt: at(startsAt),
  endsAt: endsAt ? at(endsAt) : null,
  allDay,
});

describe("calendar layout", () => {
  it("overlaps uses an exclusive end and treats a point event as its start", () => {
    const from = at("2025-03-10T04:00:00Z");
    const to = at("2025-03-11T04:00:00Z");
    expect(overlaps(ev("a", "2025-03-10T03:00:00Z", "2025-03-10T04:00:00Z"), from, to)).toBe(false);
    expect(overlaps(ev("b", "2025-03-10T03:00:00Z", "2025-03-10T04:00:01Z"), from, to)).toBe(true);
    expect(overlaps(ev("c", "2025-03-11T04:00:00Z", null), from, to)).toBe(false);
    expect(overlaps(ev("d", "2025-03-10T04:00:00Z", null), from, to)).toBe(true);
  });

  it("draws all-day and midnight-crossing events as bars", () => {
    expect(isSpanning(ev("a", "2025-03-10T04:00:00Z", "2025-03-11T04:00:00Z", true), tz)).toBe(true);
    expect(isSpanning(ev("b", "2025-03-10T14:00:00Z", "2025-03-10T15:00:00Z"), tz)).toBe(false);
    // 23:00–01:00 New York time.
    expect(isSpanning(ev("c", "2025-03-11T03:00:00Z", "2025-03-11T05:00:00Z"), tz)).toBe(true);
    // Ends exactly at midnight: still one day.
    expect(isSpanning(ev("d", "2025-03-10T22:00:00Z", "2025-03-11T04:00:00Z"), tz)).toBe(false);
  });

  it("lays bars out in lanes, clipped to the week", () => {
    const weekStart = new TZDate(2025, 2, 9, tz); // Sunday Mar 9
    const bars = layoutBars(
      [
        ev("long", "2025-03-05T05:00:00Z", "2025-03-12T04:00:00Z", true), // Mar 5–11
        ev("short", "2025-03-10T04:00:00Z", "2025-03-11T04:00:00Z", true), // Mar 10
        ev("later", "2025-03-13T04:00:00Z", "2025-03-20T04:00:00Z", true), // Mar 13–19
        ev("outside", "2025-03-01T05:00:00Z", "2025-03-02T05:00:00Z", true),
      ],
      weekStart,
      7,
      tz,
    );
    const byId = Object.fromEntries(bars.map((b) => [b.event.id, b]));
    expect(Object.keys(byId).sort()).toEqual(["later", "long", "short"]);
    expect(byId.long).toMatchObject({ startCol: 0, endCol: 2, lane: 0, continuesBefore: true, continuesAfter: false });
    expect(byId.short).toMatchObject({ startCol: 1, endCol: 1, lane: 1 });
    expect(byId.later).toMatchObject({ startCol: 4, endCol: 6, lane: 0, continuesAfter: true });
  });

  it("places overlapping timed events side by side", () => {
    const dayStart = at("2025-03-10T04:00:00Z");
    const dayEnd = at("2025-03-11T04:00:00Z");
    const placed = layoutDay(
      [
        ev("a", "2025-03-10T13:00:00Z", "2025-03-10T14:00:00Z"),
        ev("b", "2025-03-10T13:30:00Z", "2025-03-10T15:00:00Z"),
        ev("c", "2025-03-10T16:00:00Z", null),
      ],
      dayStart,
      dayEnd,
    );
    const byId = Object.fromEntries(placed.map((p) => [p.event.id, p]));
    expect(byId.a).toMatchObject({ top: 540, height: 60, lane: 0, lanes: 2 });
    expect(byId.b).toMatchObject({ top: 570, height: 90, lane: 1, lanes: 2 });
    expect(byId.c).toMatchObject({ top: 720, height: 30, lane: 0, lanes: 1 });
  });
});
