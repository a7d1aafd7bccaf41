import { describe, expect, it } from "vitest";
import { mergedContact, type MergeableContact } from "./merge-preview";

const base: MergeableContact = {
  firstName: "",
  lastName: null,
  emails: [],
  phones: [],
  company: null,
  jobTitle: null,
  notes: null,
  tags: [],
  relationshipScore: 0,
  lastContactedAt: null,
};

describe("merge preview", () => {
  it("combines like contacts.merge: kept contact's values first, lists deduplicated, blanks filled", () => {
    const kept = {
      ...base,
      firstName: "Ada",
      emails: ["ada@example.com"],
      phones: ["+14155550134"],
      company: "",
      notes: "  First programmer ",
      tags: ["VIP", "friends"],
      relationshipScore: 40,
      lastContactedAt: new Date("2026-01-02T00:00:00Z"),
    };
    const merged = {
      ...base,
      firstName: "Augusta",
      lastName: "Lovelace",
      emails: ["ada@example.com", "countess@example.org"],
      phones: ["+442079460958", "+14155550134"],
      company: "Analytical Engines",
      jobTitle: "Countess",
      notes: "Met at the Royal Society.",
      tags: ["vip", "math"],
      relationshipScore: 65,
      lastContactedAt: new Date("2025-12-01T00:00:00Z"),
    };
    expect(mergedContact(kept, merged)).toEqual({
      firstName: "Ada",
      lastName: "Lovelace",
      emails: ["ada@example.com", "countess@example.org"],
      phones: ["+14155550134", "+442079460958"],
      company: "Analytical Engines",
      jobTitle: "Countess",
      notes: "First programmer\n\nMet at the Royal Society.",
      tags: ["VIP", "friends", "math"],
      relationshipScore: 65,
      lastContactedAt: new Date("2026-01-02T00:00:00Z"),
    });
  });

  it("keeps the kept contact's own values and leaves absent ones absent", () => {
    const kept = { ...base, firstName: "Ada", lastName: "King", company: "Engines Ltd", notes: " " };
    const merged = { ...base, firstName: "Ada", lastName: "Lovelace", company: "Other", lastContactedAt: new Date(0) };
    expect(mergedContact(kept, merged)).toMatchObject({
      lastName: "King",
      company: "Engines Ltd",
      notes: null,
      lastContactedAt: new Date(0),
    });
  });
});
