import { describe, expect, it } from "vitest";
import { contactDisplayName } from "./contact-name";

describe("contactDisplayName", () => {
  it("joins first and last name, leaving out a missing last name", () => {
    expect(contactDisplayName({ firstName: "Ada", lastName: "Lovelace" })).toBe("Ada Lovelace");
    expect(contactDisplayName({ firstName: "Ada", lastName: null })).toBe("Ada");
    expect(contactDisplayName({ firstName: "Ada" })).toBe("Ada");
    expect(contactDisplayName({ firstName: "", lastName: "Lovelace" })).toBe("Lovelace");
  });
});
