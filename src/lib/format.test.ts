import { describe, expect, it } from "vitest";
import { countText, formatDue, formatPhone, plural } from "./format";

describe("plural", () => {
  it("says 1 person and 2 people, never 1 people or 1 calls", () => {
    expect(countText(1, "person", "people")).toBe("1 person");
    expect(countText(0, "person", "people")).toBe("0 people");
    expect(countText(1204, "person", "people")).toBe("1,204 people");
    expect(countText(1, "call")).toBe("1 call");
    expect(countText(2, "call")).toBe("2 calls");
    expect(countText(1, "day")).toBe("1 day");
    expect(plural(1, "contact")).toBe("contact");
    expect(plural(3, "contact")).toBe("contacts");
    expect(plural(1.5, "hour")).toBe("hours");
  });
});

describe("formatDue", () => {
  const zone = "America/New_York";
  const now = new Date("2026-12-01T12:00:00Z");

  it("shows a date-only due date (a zone-local midnight) without a time", () => {
    expect(formatDue(new Date("2027-01-10T05:00:00Z"), zone, now)).toBe("Jan 10, 2027");
    expect(formatDue(new Date("2026-12-24T05:00:00Z"), zone, now)).toBe("Dec 24");
  });

  it("shows a due time when there is one", () => {
    expect(formatDue(new Date("2026-12-24T19:30:00Z"), zone, now)).toBe("Dec 24, 2:30 PM");
    expect(formatDue(new Date("2027-01-10T05:00:00Z"), "UTC", now)).toBe("Jan 10, 2027, 5:00 AM");
  });
});

describe("formatPhone", () => {
  it("reads a number in the user's region nationally and any other internationally", () => {
    expect(formatPhone("+14155550134", "US")).toBe("(415) 555-0134");
    expect(formatPhone("+442079460958", "US")).toBe("+44 20 7946 0958");
    expect(formatPhone("+442079460958", "GB")).toBe("020 7946 0958");
    expect(formatPhone("+14155550134", "GB")).toBe("+1 415 555 0134");
  });

  it("is international without a region, and leaves what is not a number as given", () => {
    expect(formatPhone("+14155550134")).toBe("+1 415 555 0134");
    expect(formatPhone("sip:alice@example.com", "US")).toBe("sip:alice@example.com");
    expect(formatPhone(null, "US")).toBe("");
  });
});
