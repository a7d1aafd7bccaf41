import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { rowToFields, splitFullName, suggestField } from "./csv";
import { contactsSnapshot } from "~/test/contacts";
import { fieldErrorsByPathOf, trpcErrorOf } from "~/test/errors";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

async function setup() {
  const user = await createTestUser(t.db);
  const other = await createTestUser(t.db);
  const api = await callerFor(t.db, user);
  const otherApi = await callerFor(t.db, other);
  return { user, api, otherApi };
}

/** The existing contacts mixed.csv's rows 6 and 10 duplicate. */
async function existing(api: Awaited<ReturnType<typeof setup>>["api"]) {
  const byPhone = await api.contacts.create({ firstName: "Dorothy", phones: ["4155550199"] });
  const byEmail = await api.contacts.create({ firstName: "Erin", emails: ["existing@example.com"] });
  return { byPhone, byEmail };
}

describe("CSV column mapping", () => {
  it("suggests fields for common headers (Outlook, Google, plain)", () => {
    const cases: Record<string, string | null> = {
      "First Name": "firstName",
      "Given Name": "firstName",
      Surname: "lastName",
      "Family Name": "lastName",
      Name: "fullName",
      "E-mail Address": "email",
      "E-mail 1 - Value": "email",
      "Phone 1 - Value": "phone",
      "Mobile Phone": "phone",
      "Business Fax": null,
      Organization: "company",
      "Organization 1 - Name": "company",
      "Organization 1 - Title": "jobTitle",
      "Job Title": "jobTitle",
      Notes: "notes",
      "Group Membership": "tags",
      Labels: "tags",
      Birthday: null,
    };
    for (const [header, field] of Object.entries(cases)) expect(suggestField(header), header).toBe(field);
  });

  it("splits full names and multi-value cells", () => {
    expect(splitFullName("Smith, John")).toEqual({ firstName: "John", lastName: "Smith" });
    expect(splitFullName("Mary Ann  Evans")).toEqual({ firstName: "Mary Ann", lastName: "Evans" });
    expect(splitFullName("Cher")).toEqual({ firstName: "Cher", lastName: null });
    expect(
      rowToFields(["Ann Lee", "a@x.io; b@y.io", "+1 415 555 0101 ::: 415-555-0102", "* myContacts ::: Friends", "'=cmd"], ["fullName", "email", "phone", "tags", "notes"]),
    ).toMatchObject({
      firstName: "Ann",
      lastName: "Lee",
      emails: ["a@x.io", "b@y.io"],
      phones: ["+1 415 555 0101", "415-555-0102"],
      tags: ["myContacts", "Friends"],
      notes: "=cmd",
    });
  });
});

describe("contacts.previewCsv / importCsv", () => {
  it("previews columns, a suggested mapping, first rows and what would fail, writing nothing", async () => {
    const { api } = await setup();
    await existing(api);
    const before = await contactsSnapshot(t.db);
    const preview = await api.contacts.previewCsv({ csv: fixture("mixed.csv") });
    expect(preview.columns).toEqual(["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Company", "Job Title", "Notes", "Categories"]);
    expect(preview.mapping).toEqual(["firstName", "lastName", "email", "phone", "company", "jobTitle", "notes", "tags"]);
    expect(preview.totalRows).toBe(10);
    expect(preview.rows[0]).toEqual({
      row: 2,
      cells: ["Alice", "Anders", "alice@example.com", "(415) 555-0101", "Acme", "CEO", 'Met at "Expo"\r\nsecond line', "vip; work"],
    });
    expect(preview.importable).toBe(3);
    expect(preview.errors.map((e) => e.row)).toEqual([3, 4, 5, 8]);
    expect(preview.duplicates.map((d) => d.row)).toEqual([6, 7, 10]);
    expect(preview.mappingError).toBeNull();
    expect(await contactsSnapshot(t.db)).toEqual(before);

    const unmapped = await api.contacts.previewCsv({ csv: fixture("mixed.csv"), mapping: [null, null, "email", null, null, null, null, null] });
    expect(unmapped.mappingError).toMatch(/First name/);
  });

  it("imports exactly the good rows and reports errors and duplicates with row numbers", async () => {
    const { api } = await setup();
    const { byPhone, byEmail } = await existing(api);
    const csv = fixture("mixed.csv");
    const { mapping } = await api.contacts.previewCsv({ csv });
    const result = await api.contacts.importCsv({ csv, mapping });
    expect(result.imported).toBe(3);
    expect(result.errors).toEqual([
      { row: 3, message: expect.stringMatching(/bob@@example.*not a valid email/) },
      { row: 4, message: "First name is missing." },
      { row: 5, message: expect.stringMatching(/"12" is not a phone number/) },
      { row: 8, message: "Has 9 values but the header has 8 columns." },
    ]);
    expect(result.duplicates).toEqual([
      { row: 6, reason: expect.stringMatching(/\+14155550199 already exists/), existingContactId: byPhone.id },
      { row: 7, reason: "Same email alice@example.com as row 2.", existingContactId: null },
      { row: 10, reason: expect.stringMatching(/existing@example.com already exists/), existingContactId: byEmail.id },
    ]);

    const list = await api.contacts.list({ sort: "name", pageSize: 100 });
    expect(list.items.map((c) => c.firstName).sort()).toEqual(["Alice", "Dorothy", "Erin", "Eve", "Frank"]);
    const alice = list.items.find((c) => c.firstName === "Alice")!;
    expect(alice).toMatchObject({ lastName: "Anders", emails: ["alice@example.com"], phones: ["+14155550101"], company: "Acme", jobTitle: "CEO", tags: ["vip", "work"] });
    expect((await api.contacts.get({ id: alice.id })).contact.notes).toBe('Met at "Expo"\r\nsecond line');
    expect(list.items.find((c) => c.firstName === "Eve")).toMatchObject({ lastName: null, phones: ["+442079460958"], tags: ["friends"] });

    // Importing the same file again doubles nothing.
    const again = await api.contacts.importCsv({ csv, mapping });
    expect(again.imported).toBe(0);
    expect((await api.contacts.list({})).total).toBe(5);
  });

  it("rejects a mapping without a first name, a mapping of the wrong length, and an empty file", async () => {
    const { api } = await setup();
    const before = await contactsSnapshot(t.db);
    const csv = fixture("mixed.csv");
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.importCsv({ csv, mapping: [null, "lastName", "email", null, null, null, null, null] })))).toEqual(["mapping"]);
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.importCsv({ csv, mapping: ["firstName"] })))).toEqual(["mapping"]);
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.previewCsv({ csv: "  \n " })))).toEqual(["csv"]);
    expect(await contactsSnapshot(t.db)).toEqual(before);
  });

  it("limits files to 5 MB and 10,000 rows with clear messages", async () => {
    const { api } = await setup();
    const big = "First Name\n" + "x".repeat(5 * 1024 * 1024);
    expect((await fieldErrorsByPathOf(api.contacts.previewCsv({ csv: big }))).csv?.[0]).toMatch(/larger than 5 MB/);
    const multibyte = "First Name\n" + "é".repeat(2.6 * 1024 * 1024);
    expect((await fieldErrorsByPathOf(api.contacts.importCsv({ csv: multibyte, mapping: ["firstName"] }))).csv?.[0]).toMatch(/5 MB/);
    const many = "First Name\n" + Array.from({ length: 10_001 }, (_, i) => `P${i}`).join("\n");
    expect((await fieldErrorsByPathOf(api.contacts.importCsv({ csv: many, mapping: ["firstName"] }))).csv?.[0]).toMatch(/10,001 rows; import at most 10,000/);
  });

  it("refuses a binary file named .csv (a spreadsheet, an image) like a binary .vcf, and keeps Latin-1 text", async () => {
    const { api } = await setup();
    const before = await contactsSnapshot(t.db);
    // What the browser's file.text() makes of the bytes: UTF-8 decoding, invalid bytes as U+FFFD.
    const asText = (bytes: number[]) => new TextDecoder().decode(new Uint8Array(bytes));
    const xlsx = asText([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xee, 0x9d, 0x68, 0x5e, 0x01]);
    const png = asText([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xd8, 0x10, 0x02]);
    for (const csv of [xlsx, png]) {
      expect((await fieldErrorsByPathOf(api.contacts.previewCsv({ csv }))).csv).toEqual([
        "This is not a CSV file: it holds binary data. Export the sheet as CSV (comma-separated values) and choose that file.",
      ]);
      expect(Object.keys(await fieldErrorsByPathOf(api.contacts.importCsv({ csv, mapping: ["firstName"] })))).toEqual(["csv"]);
      expect(Object.keys(await fieldErrorsByPathOf(api.contacts.importVcard({ vcf: csv })))).toEqual(["vcf"]);
    }
    expect(await contactsSnapshot(t.db)).toEqual(before);
    // A Latin-1 export read as UTF-8 has a few U+FFFD where its accents were: still text.
    const latin1 = asText([...Buffer.from("First Name,Company\nRen"), 0xe9, ...Buffer.from(",Caf"), 0xe9, ...Buffer.from(" du Nord\nAda,Analytical Engines\n")]);
    expect((await api.contacts.previewCsv({ csv: latin1 })).totalRows).toBe(2);
  });

  it("imports 10,000 rows in one go", async () => {
    const { api } = await setup();
    const rows = Array.from({ length: 10_000 }, (_, i) => `Person${i},Bulk,p${i}@bulk.example,+1 415 55${String(i).padStart(5, "0").slice(0, 1)} ${String(i).padStart(4, "0").slice(-4)}`);
    const csv = ["First name,Last name,Email,Phone", ...rows].join("\n");
    const result = await api.contacts.importCsv({ csv, mapping: ["firstName", "lastName", "email", "phone"] });
    expect(result.errors).toEqual([]);
    expect(result.imported + result.duplicates.length).toBe(10_000);
    expect((await api.contacts.list({ search: "Person9999" })).items[0]?.emails).toEqual(["p9999@bulk.example"]);
  });

  it("export round-trips through import as duplicates only", async () => {
    const { api, otherApi } = await setup();
    await api.contacts.create({ firstName: "Ann", lastName: "Lee", emails: ["ann@lee.io", "ann@work.io"], phones: ["+14155550141"], company: "=Evil()", notes: "Line 1\nLine 2, with comma", tags: ["a", "b"] });
    await api.contacts.create({ firstName: "Ben", phones: ["+442079460958"], jobTitle: "-Minus" });
    await api.contacts.create({ firstName: "Cy", emails: ["cy@example.com"], tags: ["x"] });
    await otherApi.contacts.create({ firstName: "Not exported", emails: ["secret@other.io"] });

    const exported = await api.contacts.exportCsv();
    expect(exported.count).toBe(3);
    expect(exported.filename).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.csv).not.toContain("secret@other.io");
    expect(exported.csv.split("\r\n")[0]).toBe("First name,Last name,Email,Phone,Company,Job title,Notes,Tags");
    expect(exported.csv).toContain("'=Evil()");
    expect(exported.csv).toContain("+14155550141");

    const preview = await api.contacts.previewCsv({ csv: exported.csv });
    expect(preview.mapping).toEqual(["firstName", "lastName", "email", "phone", "company", "jobTitle", "notes", "tags"]);
    const result = await api.contacts.importCsv({ csv: exported.csv, mapping: preview.mapping });
    expect(result).toMatchObject({ imported: 0, errors: [] });
    expect(result.duplicates.map((d) => d.row).sort()).toEqual([2, 3, 4]);
    expect(result.duplicates.every((d) => d.existingContactId)).toBe(true);

    // Imported elsewhere, the export reproduces the contacts.
    const fresh = await callerFor(t.db, await createTestUser(t.db));
    expect((await fresh.contacts.importCsv({ csv: exported.csv, mapping: preview.mapping })).imported).toBe(3);
    const ann = (await fresh.contacts.list({ search: "Ann Lee" })).items[0]!;
    expect(ann).toMatchObject({ emails: ["ann@lee.io", "ann@work.io"], phones: ["+14155550141"], company: "=Evil()", tags: ["a", "b"] });
    expect((await fresh.contacts.get({ id: ann.id })).contact.notes).toBe("Line 1\nLine 2, with comma");
    expect((await fresh.contacts.list({ search: "Ben" })).items[0]).toMatchObject({ jobTitle: "-Minus", phones: ["+442079460958"] });
  });
});

describe("contacts.previewVcard / importVcard", () => {
  it("imports a vCard 3.0 file, reporting the card without a name", async () => {
    const { api } = await setup();
    const vcf = fixture("vcard3.vcf");
    const before = await contactsSnapshot(t.db);
    const preview = await api.contacts.previewVcard({ vcf });
    expect(preview).toMatchObject({ totalCards: 3, importable: 2, errors: [{ row: 3, message: "First name is missing." }], duplicates: [] });
    expect(preview.cards[0]).toMatchObject({ row: 1, name: "Carl Friedrich Gauss", company: "University of Göttingen" });
    expect(await contactsSnapshot(t.db)).toEqual(before);

    const result = await api.contacts.importVcard({ vcf });
    expect(result).toEqual({ imported: 2, errors: [{ row: 3, message: "First name is missing." }], duplicates: [] });
    const gauss = (await api.contacts.list({ search: "Gauss" })).items[0]!;
    expect(gauss).toMatchObject({
      firstName: "Carl Friedrich",
      lastName: "Gauss",
      emails: ["gauss@example.edu", "carl@home.example"],
      phones: ["+14155550120", "+49551390"],
      company: "University of Göttingen",
      jobTitle: "Director",
      tags: ["math", "astronomy"],
    });
    expect((await api.contacts.get({ id: gauss.id })).contact.notes).toBe("Prince of mathematicians, likes long folded lines.");
    expect((await api.contacts.list({ search: "Sophie" })).items[0]).toMatchObject({ firstName: "Sophie", lastName: "Germain", emails: ["sophie@example.fr"] });

    const again = await api.contacts.importVcard({ vcf });
    expect(again.imported).toBe(0);
    expect(again.duplicates.map((d) => d.row)).toEqual([1, 2]);
  });

  it("imports a vCard 4.0 file with tel: URIs, reporting the unterminated card", async () => {
    const { api } = await setup();
    const result = await api.contacts.importVcard({ vcf: fixture("vcard4.vcf") });
    expect(result.imported).toBe(2);
    expect(result.errors).toEqual([{ row: 3, message: "The card has no END:VCARD line." }]);
    expect((await api.contacts.list({ search: "Noether" })).items[0]).toMatchObject({
      firstName: "Emmy",
      lastName: "Noether",
      emails: ["emmy@example.de"],
      phones: ["+14155550130"],
      company: "Erlangen",
      tags: ["algebra"],
    });
    expect((await api.contacts.lookupByPhone({ phone: "+44 20 7946 0959" })).contact).toMatchObject({ firstName: "Ada", lastName: "King" });
  });

  it("reports a file without cards and unsupported versions", async () => {
    const { api } = await setup();
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.importVcard({ vcf: "hello" })))).toEqual(["vcf"]);
    const v21 = "BEGIN:VCARD\nVERSION:2.1\nN:Old;Timer\nEND:VCARD\n";
    expect((await api.contacts.importVcard({ vcf: v21 })).errors[0]?.message).toMatch(/2\.1 is not supported/);
    const bad = "BEGIN:VCARD\nVERSION:3.0\nthis line is garbage\nEND:VCARD\n";
    expect((await api.contacts.importVcard({ vcf: bad })).errors[0]?.message).toMatch(/could not be read/);
  });

  it("keeps imports to the signed-in user", async () => {
    const { api, otherApi } = await setup();
    await otherApi.contacts.create({ firstName: "Emmy", emails: ["emmy@example.de"] });
    // The other user's contact is no duplicate of mine.
    expect((await api.contacts.importVcard({ vcf: fixture("vcard4.vcf") })).imported).toBe(2);
    expect((await trpcErrorOf(callerFor(t.db, null).then((a) => a.contacts.importVcard({ vcf: fixture("vcard4.vcf") })))).code).toBe("UNAUTHORIZED");
  });
});
