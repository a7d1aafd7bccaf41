import { describe, expect, it } from "vitest";
import { outcomeText } from "./reminder-meta";

describe("outcomeText", () => {
  it("words an attempt without an outcome as under way", () => {
    expect(outcomeText(null, null)).toBe("In progress");
  });

  it("adds the reason, without repeating an outcome the reason already names", () => {
    expect(outcomeText("not_sent", "not sent: TELNYX_API_KEY not set")).toBe("Not sent: TELNYX_API_KEY not set");
    expect(outcomeText("not_sent", "no phone number to call")).toBe("Not sent: no phone number to call");
    expect(outcomeText("failed", "Telnyx refused the dial (422)")).toBe("Failed: Telnyx refused the dial (422)");
  });

  it("keeps an outcome it has no words for as it came", () => {
    expect(outcomeText("something_new", null)).toBe("something_new");
  });
});
