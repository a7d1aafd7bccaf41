import { zodResolver } from "@hookform/resolvers/zod";
import type { TRPCClientErrorLike } from "@trpc/client";
import { describe, expect, it } from "vitest";
import type { AppRouter } from "~/server/api/root";
import { splitFormErrors } from "~/components/shared/form-errors";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { formatPhone } from "~/lib/format";
import { contactErrorRoute, contactFormSchema, formFromContact, type ContactFormValues } from "./contact-form";

function badRequest(fieldErrors: Record<string, string[]>, formErrors: string[] = []) {
  return {
    message: "Invalid input.",
    data: { code: "BAD_REQUEST", httpStatus: 400, path: "contacts.create", zodError: { fieldErrors, formErrors } },
  } as unknown as TRPCClientErrorLike<AppRouter>;
}

/** The form's rows as stored (E.164), for the tests about rows rather than formats. */
const asStored = (value: string | null | undefined) => value ?? "";

const contact = {
  firstName: "Ada",
  lastName: null,
  emails: [],
  phones: ["+14155550134"],
  company: null,
  jobTitle: null,
  notes: null,
  tags: ["vip"],
};

function withRows(emails: string[], phones: string[], more: Partial<ContactFormValues> = {}): ContactFormValues {
  const rows = (list: string[]) => list.map((value) => ({ value }));
  return { ...formFromContact(contact, asStored), emails: rows(emails), phones: rows(phones), ...more };
}

/** What react-hook-form receives from the resolver, with the rows' inputs registered as in the form. */
async function resolve(values: ContactFormValues) {
  const names = [
    ...values.emails.map((_, i) => `emails.${i}.value` as const),
    ...values.phones.map((_, i) => `phones.${i}.value` as const),
  ];
  return zodResolver(contactFormSchema)(values, undefined, { fields: {}, names, shouldUseNativeValidation: false });
}

describe("contact form values", () => {
  it("shows each number the way the user reads it; E.164 is only what is stored", () => {
    const values = formFromContact({ ...contact, phones: ["+14155550134", "+442079460958"] }, (v) => formatPhone(v, "US"));
    expect(values.phones.map((row) => row.value)).toEqual(["(415) 555-0134", "+44 20 7946 0958"]);
  });

  it("shows one empty email row for a contact without emails, and one row per phone", () => {
    const values = formFromContact(contact, asStored);
    expect(values.emails).toEqual([{ value: "" }]);
    expect(values.phones).toEqual([{ value: "+14155550134" }]);
    expect(values.tags).toBe("vip");
  });

  it("sends the filled rows only, in order; blank text as null; tags split on commas", async () => {
    const values = withRows(["", "a@example.com", "  ", "b@example.com"], ["(415) 555-0134", ""], {
      firstName: "  Ada ",
      lastName: "   ",
      company: " Analytical Engines ",
      tags: "math, , engines;  vip ",
    });
    const result = await resolve(values);
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({
      firstName: "Ada",
      lastName: null,
      emails: ["a@example.com", "b@example.com"],
      phones: ["(415) 555-0134"],
      company: "Analytical Engines",
      jobTitle: null,
      notes: null,
      tags: ["math", "engines", "vip"],
    });
  });
});

describe("contact form checks in the browser (the server's schemas)", () => {
  it("puts a too long entry on its own row, too many entries under the list, and names a too long tag", async () => {
    const longEmail = `${"a".repeat(FIELD_LIMITS.email)}@example.com`;
    const phones = Array.from({ length: FIELD_LIMITS.contactPhones + 1 }, (_, i) => `+1 415 555 ${String(100 + i).padStart(4, "0")}`);
    const longTag = "t".repeat(FIELD_LIMITS.tag + 1);
    const result = await resolve(withRows(["ok@example.com", "", longEmail], ["", ...phones], { tags: `family, ${longTag}` }));
    expect(result.values).toEqual({});
    const errors = result.errors as Record<string, unknown> & {
      emails?: Array<{ value?: { message?: string } } | undefined>;
      phones?: { root?: { message?: string } };
      tags?: { message?: string };
    };
    // The third row (after a blank one that is not sent) is the one that is too long.
    expect(errors.emails?.[2]?.value?.message).toBe(`Use at most ${FIELD_LIMITS.email} characters.`);
    expect(errors.emails?.[0]).toBeUndefined();
    expect(errors.phones?.root?.message).toBe(`At most ${FIELD_LIMITS.contactPhones} phone numbers.`);
    expect(errors.tags?.message).toBe(`“${longTag}”: Use at most ${FIELD_LIMITS.tag} characters.`);
  });

  it("refuses a first name over the limit, as the server does", async () => {
    const result = await resolve(withRows([""], [""], { firstName: "A".repeat(FIELD_LIMITS.personName + 1) }));
    expect((result.errors as { firstName?: { message?: string } }).firstName?.message).toBe(
      `Use at most ${FIELD_LIMITS.personName} characters.`,
    );
  });
});

describe("contact form server errors", () => {
  it("puts the server's errors for emails.1 / phones.0 on the rows they came from, list errors under the list", () => {
    const values = withRows(["", "ok@example.com", "", "bad"], ["12", "+1 415 555 0134"]);
    const { fieldErrors, formError } = splitFormErrors(
      badRequest({
        "emails.1": ['"bad" is not a valid email address.'],
        "phones.0": ['"12" is not a phone number we can read.'],
        phones: ["At most 20 phone numbers."],
        "tags.0": ["Tags have at most 50 characters."],
        firstName: ["Enter a first name."],
        survivorId: ["Something else."],
      }),
      contactErrorRoute(values),
    );
    expect(fieldErrors).toEqual({
      "emails.3.value": '"bad" is not a valid email address.',
      "phones.0.value": '"12" is not a phone number we can read.',
      "phones.root": "At most 20 phone numbers.",
      tags: "“vip”: Tags have at most 50 characters.",
      firstName: "Enter a first name.",
    });
    expect(formError).toBe("Something else.");
  });

  it("puts an entry it cannot place under its list rather than on a wrong row", () => {
    const { fieldErrors } = splitFormErrors(badRequest({ "emails.5": ["Not valid."] }), contactErrorRoute(withRows(["a@b.test"], [""])));
    expect(fieldErrors).toEqual({ "emails.root": "Not valid." });
  });
});
