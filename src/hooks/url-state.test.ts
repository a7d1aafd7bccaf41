import { describe, expect, it } from "vitest";

import { localDateParam, pageParam, searchParam } from "./url-state";

describe("list URL parsers", () => {
  it("reads a page from 1, anything else as page 1, and leaves page 1 out of the URL", () => {
    expect(pageParam.parse("3")).toBe(3);
    expect(pageParam.parse("2.7")).toBe(2);
    expect(pageParam.parse("0")).toBeNull();
    expect(pageParam.parse("-2")).toBeNull();
    expect(pageParam.parse("x")).toBeNull();
    expect(pageParam.defaultValue).toBe(1);
    expect(pageParam.serialize(4)).toBe("4");
  });

  it("keeps a search's spaces as typed but counts only-spaces as no search", () => {
    expect(searchParam.parse("ada ")).toBe("ada ");
    expect(searchParam.eq("   ", searchParam.defaultValue)).toBe(true);
    expect(searchParam.eq("ada", searchParam.defaultValue)).toBe(false);
  });

  it("reads a day as local midnight and writes it back as the same day", () => {
    const day = localDateParam.parse("2026-03-01");
    expect(day).not.toBeNull();
    expect([day!.getFullYear(), day!.getMonth(), day!.getDate(), day!.getHours()]).toEqual([2026, 2, 1, 0]);
    expect(localDateParam.serialize(day!)).toBe("2026-03-01");
    expect(localDateParam.parse("2026-02-30")).toBeNull();
    expect(localDateParam.parse("March 1")).toBeNull();
  });
});
