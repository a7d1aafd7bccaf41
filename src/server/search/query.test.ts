import { describe, expect, it } from "vitest";
import { isEmptyQuery, parseSearchQuery, tsqueryOf, wordTsqueries } from "./query";

/** What each matcher gets from the search box's text (the SQL is tested in search.test.ts). */

const parse = (q: string) => parseSearchQuery(q, "US");

describe("parseSearchQuery", () => {
  it("keeps only words of letters, digits and marks: no tsquery or SQL syntax gets through", () => {
    expect(parse(`john & (smith | !doe):* <-> 'x' "y" \\ ; DROP TABLE`).words).toEqual(["john", "smith", "doe", "x", "y", "drop", "table"]);
    expect(parse("Élodie O'Brien-Núñez 3rd").words).toEqual(["élodie", "o", "brien", "núñez", "3rd"]);
    expect(parse("a\u0000b").words).toEqual(["a", "b"]);
    expect(parse("word ".repeat(40)).words).toHaveLength(16);
    expect(parse("x".repeat(500)).words[0]).toHaveLength(64);
  });

  it("reads a phone number in any format", () => {
    for (const q of ["(312) 555-0100", "312.555.0100", "+1 312 555 0100", "3125550100", "1-312-555-0100"]) {
      expect(parse(q), q).toMatchObject({ phoneE164: "+13125550100", email: null });
    }
    expect(parse("555-0100")).toMatchObject({ phoneDigits: "5550100", phoneE164: null });
    expect(parse("010").phoneDigits).toBeNull();
    expect(parse("call 555-0100").phoneDigits).toBeNull();
  });

  it("takes a text without spaces as an email or its start", () => {
    expect(parse("JSmith@Home.Example").email).toBe("jsmith@home.example");
    expect(parse("jo").email).toBeNull();
    expect(parse("john smith").email).toBeNull();
    expect(parse("@@@").email).toBeNull();
  });

  it("gives names with typos pieces of the words and of their one-typo variants", () => {
    const query = parse("Jonh Smiht");
    expect(query.fuzzy).toBe("jonh smiht");
    // "jonh" swapped back is "john"; "smiht" without its "h" is "smit".
    expect(query.fuzzyPieces).toHaveLength(2);
    expect(query.fuzzyPieces[0]).toEqual(expect.arrayContaining(["jon", "onh", "joh", "ohn"]));
    expect(query.fuzzyPieces[1]).toEqual(expect.arrayContaining(["smi", "mit"]));
    expect(query.fuzzyPieces.every((pieces) => pieces.length <= 24 && pieces.every((piece) => /^\p{L}{3}$/u.test(piece)))).toBe(true);
    // Not a name: more than three words, or a word with digits.
    expect(parse("jonh smiht about the invoice").fuzzy).toBeNull();
    expect(parse("jo 42").fuzzy).toBeNull();
    expect(parse("john@globex.example").fuzzy).toBeNull();
  });

  it("finds nothing to search in punctuation and emoji", () => {
    for (const q of ["", "!!!", "🙂🙂", "& | ! ( ) : * <->", "' \" \\", "+", "@@@"]) expect(isEmptyQuery(parse(q)), q).toBe(true);
    expect(isEmptyQuery(parse("🙂 roof"))).toBe(false);
  });
});

describe("tsqueryOf", () => {
  it("requires every word, the last one as a prefix, with the words as parameters", () => {
    const sql = tsqueryOf(parse("contract renew"), "english");
    expect(sql.sql).toBe("(plainto_tsquery('english'::regconfig, ?) && to_tsquery('english'::regconfig, ?))");
    expect(sql.values).toEqual(["contract", "renew:*"]);
    // One letter is no prefix.
    expect(tsqueryOf(parse("vitamin d"), "simple").values).toEqual(["vitamin d"]);
    expect(wordTsqueries(parse("renewal price"), "english").map((word) => word.values)).toEqual([["renewal"], ["price:*"]]);
  });
});
