import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env";
import { createLocalTelephony } from "~/server/telephony/provider";
import { createServices, getServices } from "./services";

describe("services", () => {
  it("memoises the process-wide container and its providers", () => {
    expect(getServices()).toBe(getServices());
    expect(getServices().providers).toBe(getServices().providers);
  });

  it("connects to nothing when built: without DATABASE_URL only using the database fails", () => {
    const services = createServices(parseEnv({}));
    expect(services.providers.analyser.provider).toBe("local");
    expect(services.telephony.live).toBe(false);
    expect(services.voice).toBeNull();
    expect(() => services.db).toThrow(/DATABASE_URL is not set/);
  });

  it("keeps the pieces it is given", () => {
    const telephony = createLocalTelephony("not sent: test");
    const now = () => new Date("2030-01-01T00:00:00Z");
    const services = createServices(parseEnv({}), { telephony, now });
    expect(services.telephony).toBe(telephony);
    expect(services.now()).toEqual(new Date("2030-01-01T00:00:00Z"));
  });

  it("signs recording links only once asked, so a process without NEXTAUTH_SECRET still starts", () => {
    const services = createServices(parseEnv({}));
    expect(() => services.config.recordingUrlSecret).toThrow(/NEXTAUTH_SECRET is not set/);
    expect(createServices(parseEnv({ NEXTAUTH_SECRET: "a".repeat(32) })).config.recordingUrlSecret).toMatch(/^[\w-]{43}$/);
  });
});
