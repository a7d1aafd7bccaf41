import { describe, expect, it } from "vitest";
import { maskPhone, maskPhoneNumbersIn } from "~/lib/mask-phone";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

describe("maskPhone", () => {
  it("keeps the country code and the last four digits", () => {
    expect(maskPhone("+14155550134")).toBe("+1•••0134");
    expect(maskPhone("+442071838750")).toBe("+44•••8750");
    expect(maskPhone("+380441234567")).toBe("+380•••4567");
    expect(maskPhone("(415) 555-0134")).toBe("•••0134");
  });

  it("leaves what is not a phone number alone", () => {
    expect(maskPhone("2026-12-06T10:00:00.000Z")).toBe("2026-12-06T10:00:00.000Z");
    expect(maskPhone("12345")).toBe("12345");
    expect(maskPhone("ctx_abc123")).toBe("ctx_abc123");
    expect(maskPhone(42)).toBe(42);
    expect(maskPhoneNumbersIn("time:1733480000000 offset +05:30")).toBe("time:1733480000000 offset +05:30");
  });
});

describe("logger", () => {
  it("masks phone fields, numbers in messages and in errors, and still redacts secrets", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        from: "+14155550134",
        toNumber: "+442071838750",
        call: { counterpartNumber: "+14155550199", startedAt: "2026-12-06T10:00:00.000Z" },
        contact: { phones: ["+14155550111", "415-555-0122"] },
        password: "hunter22",
      },
      "dialing +14155550134",
    );
    logger.error({ err: new Error("Telnyx refused +14155550177: not a valid destination") }, "call failed");
    logger.child({ e164: "+14155550188" }).warn("number not routed");
    logger.info({ url: "https://example.test/cb?to=%2B14155550166" }, "callback");

    const output = lines.join("");
    for (const full of ["4155550134", "2071838750", "4155550199", "4155550111", "5550122", "4155550177", "4155550188", "4155550166"]) {
      expect(output).not.toContain(full);
    }
    const [first, error, child] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      from: "+1•••0134",
      toNumber: "+44•••8750",
      call: { counterpartNumber: "+1•••0199", startedAt: "2026-12-06T10:00:00.000Z" },
      contact: { phones: ["+1•••0111", "•••0122"] },
      password: "[redacted]",
      msg: "dialing +1•••0134",
    });
    expect((error!.err as { message: string }).message).toBe("Telnyx refused +1•••0177: not a valid destination");
    expect(child).toMatchObject({ e164: "+1•••0188", msg: "number not routed" });
  });
});
