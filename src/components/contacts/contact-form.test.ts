import type { TRPCClientErrorLike } from "@trpc/client";
import { describe, expect, it } from "vitest";
import type { AppRouter } from "~/server/api/root";
import { formatPhone } from "~/lib/format";
import { contactFormErrors, contactInputFromForm, formFromContact, sameContactForm, type ContactFormValues } from "./contact-form";

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

/** The form with these rows; email rows are keyed 1000, 1001…, phone rows 1100, 1101… */
function withRows(emails: string[], phones: string[]): ContactFormValues {
  const rows = (list: string[], first: number) => list.map((value, i) => ({ key: first + i, value }));
  return { ...formFromContact(contact, asStored), emails: rows(emails, 1000), phones: rows(phones, 1100) };
}

describe("contact form phones", () => {
  it("shows each number the way the user reads it; E.164 is only what is stored", () => {
    const values = formFromContact({ ...contact, phones: ["+14155550134", "+442079460958"] }, (v) => formatPhone(v, "US"));
    expect(values.phones.map((row) => row.value)).toEqual(["(415) 555-0134", "+44 20 7946 0958"]);
  });
});

describe("contact form rows", () => {
  it("shows one empty email row for a contact without emails, and one row per phone", () => {
    const values = formFromContact(contact, asStored);
    expect(values.emails.map((r) => r.value)).toEqual([""]);
    expect(values.phones.map((r) => r.value)).toEqual(["+14155550134"]);
    expect(sameContactForm(values, formFromContact(contact, asStored))).toBe(true);
    expect(sameContactForm(values, { ...values, phones: [...values.phones, { key: -1, value: "" }] })).toBe(false);
  });

  it("sends the filled rows only, in order", () => {
    const input = contactInputFromForm(withRows(["", "a@example.com", "  ", "b@example.com"], ["(415) 555-0134", ""]));
    expect(input.emails).toEqual(["a@example.com", "b@example.com"]);
    expect(input.phones).toEqual(["(415) 555-0134"]);
  });

  it("puts the server's errors for emails.1 / phones.0 on the rows they came from, list errors under the list", () => {
    const values = withRows(["", "ok@example.com", "", "bad"], ["12", "+1 415 555 0134"]);
    const { fieldErrors, formError } = contactFormErrors(
      badRequest({
        "emails.1": ['"bad" is not a valid email address.'],
        "phones.0": ['"12" is not a phone number we can read.'],
        phones: ["At most 20 phone numbers."],
        "tags.0": ["Tags have at most 50 characters."],
        firstName: ["Enter a first name."],
        survivorId: ["Something else."],
      }),
      values,
    );
    expect(fieldErrors).toEqual({
      "emails.1003": '"bad" is not a valid email address.',
      "phones.1100": '"12" is not a phone number we can read.',
      phones: "At most 20 phone numbers.",
      tags: "“vip”: Tags have at most 50 characters.",
      firstName: "Enter a first name.",
    });
    expect(formError).toBe("Something else.");
  });
});
