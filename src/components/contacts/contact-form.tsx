"use client";

import * as React from "react";
import type { TRPCClientErrorLike } from "@trpc/client";
import { PlusIcon, XIcon } from "lucide-react";

import type { AppRouter } from "~/server/api/root";
import { splitFormErrors } from "~/components/shared/form-errors";
import { Button } from "~/components/ui/button";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Textarea } from "~/components/ui/textarea";
import type { PhoneFormat } from "~/lib/format";
import { cn } from "~/lib/utils";
import type { ContactData } from "~/server/contacts/normalize";

/** Fields typed as one text each; tags are comma-separated. */
export const CONTACT_TEXT_FIELDS = ["firstName", "lastName", "company", "jobTitle", "notes", "tags"] as const;
export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number];
/** Fields typed as one input per entry ("Add email", "Add phone"). */
export const CONTACT_LIST_FIELDS = ["emails", "phones"] as const;
export type ContactListField = (typeof CONTACT_LIST_FIELDS)[number];

/** One email or phone input. `key` stays with the row when rows before it are removed. */
export interface ContactRow {
  key: number;
  value: string;
}

export type ContactFormValues = Record<ContactTextField, string> & Record<ContactListField, ContactRow[]>;

/** A text field's message, a whole list's ("emails") or one row's ("emails.<row key>"). */
export type ContactFieldErrors = Partial<
  Record<ContactTextField | ContactListField | `${ContactListField}.${number}`, string>
>;

// Row keys are never rendered (DOM ids use the row's position), so a counter that differs between
// the server render and the browser is harmless; never reusing a key keeps a removed row's error
// from showing up on a row added later.
let lastRowKey = 0;
function newRow(value = ""): ContactRow {
  lastRowKey += 1;
  return { key: lastRowKey, value };
}

/** The rows for a list, with one empty row when there is nothing yet. */
function rowsOf(values: string[]): ContactRow[] {
  return values.length > 0 ? values.map((value) => newRow(value)) : [newRow()];
}

export function emptyContactForm(): ContactFormValues {
  return { firstName: "", lastName: "", emails: rowsOf([]), phones: rowsOf([]), company: "", jobTitle: "", notes: "", tags: "" };
}


/** The form for a contact, its numbers as the user reads them (`formatPhone`; stored as E.164). */
export function formFromContact(contact: ContactData, formatPhone: PhoneFormat): ContactFormValues {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName ?? "",
    emails: rowsOf(contact.emails),
    phones: rowsOf(contact.phones.map((phone) => formatPhone(phone))),
    company: contact.company ?? "",
    jobTitle: contact.jobTitle ?? "",
    notes: contact.notes ?? "",
    tags: contact.tags.join(", "),
  };
}

/** Whether two forms hold the same text (row keys aside). */
export function sameContactForm(a: ContactFormValues, b: ContactFormValues) {
  const sameRows = (x: ContactRow[], y: ContactRow[]) => x.length === y.length && x.every((row, i) => row.value === y[i]?.value);
  return CONTACT_TEXT_FIELDS.every((f) => a[f] === b[f]) && CONTACT_LIST_FIELDS.every((f) => sameRows(a[f], b[f]));
}

function splitList(text: string) {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * The rows that are sent: blank ones are left out, so that the server's count limit applies to
 * real entries only. Position i here is what the server calls "emails.i".
 */
function sentRows(rows: ContactRow[]) {
  return rows.filter((row) => row.value.trim() !== "");
}

/** Values for contacts.create / contacts.update. */
export function contactInputFromForm(values: ContactFormValues) {
  const orNull = (text: string) => (text.trim() ? text.trim() : null);
  return {
    firstName: values.firstName.trim(),
    lastName: orNull(values.lastName),
    emails: sentRows(values.emails).map((row) => row.value),
    phones: sentRows(values.phones).map((row) => row.value),
    company: orNull(values.company),
    jobTitle: orNull(values.jobTitle),
    notes: values.notes.trim() ? values.notes : null,
    tags: splitList(values.tags),
  };
}

function isTextField(key: string): key is ContactTextField {
  return (CONTACT_TEXT_FIELDS as readonly string[]).includes(key);
}

function isListField(key: string): key is ContactListField {
  return (CONTACT_LIST_FIELDS as readonly string[]).includes(key);
}

/**
 * Field errors of contacts.create/update mapped onto the form: "emails.1" (the second address
 * sent) to the row it came from, "emails" (too many) under the list, "tags.2" under Tags naming
 * the tag, anything else to one form-level message. `values` must be the values that were sent.
 */
export function contactFormErrors(
  error: TRPCClientErrorLike<AppRouter>,
  values: ContactFormValues,
): { fieldErrors: ContactFieldErrors; formError: string | null } {
  return splitFormErrors<keyof ContactFieldErrors>(error, (key, message) => {
    const [head = "", index] = key.split(".");
    if (isListField(head)) {
      const row = index === undefined ? undefined : sentRows(values[head])[Number(index)];
      return { field: row ? `${head}.${row.key}` : head, message };
    }
    if (isTextField(head)) {
      const tag = head === "tags" && index !== undefined ? splitList(values.tags)[Number(index)] : undefined;
      return { field: head, message: tag ? `“${tag}”: ${message}` : message };
    }
    return null;
  });
}

const TEXT_LABELS: Record<ContactTextField, string> = {
  firstName: "First name",
  lastName: "Last name",
  company: "Company",
  jobTitle: "Job title",
  notes: "Notes",
  tags: "Tags",
};

const TEXT_HINTS: Partial<Record<ContactTextField, string>> = {
  tags: "Comma-separated, e.g. family, work.",
};

const TEXT_INPUT_PROPS: Partial<Record<ContactTextField, React.ComponentProps<"input">>> = {
  firstName: { autoComplete: "off", required: true },
  lastName: { autoComplete: "off" },
  company: { autoComplete: "off" },
  jobTitle: { autoComplete: "off" },
  tags: { autoComplete: "off", placeholder: "family, work" },
};

/** Field order in the two-column grid: emails beside phones, notes and tags full width. */
const LAYOUT = ["firstName", "lastName", "emails", "phones", "company", "jobTitle", "notes", "tags"] as const;

/** The contact fields in a responsive two-column grid. */
export function ContactFields({
  idPrefix,
  values,
  onChange,
  errors,
  disabled,
  autoFocus,
}: {
  idPrefix: string;
  values: ContactFormValues;
  onChange: <F extends keyof ContactFormValues>(field: F, value: ContactFormValues[F]) => void;
  errors: ContactFieldErrors;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {LAYOUT.map((field) => {
        if (isListField(field)) {
          return (
            <ContactRowsField
              key={field}
              idPrefix={idPrefix}
              field={field}
              rows={values[field]}
              errors={errors}
              disabled={disabled}
              onChange={(rows) => onChange(field, rows)}
            />
          );
        }
        const ids = fieldIds(field, idPrefix);
        const error = errors[field];
        const hint = TEXT_HINTS[field];
        const common = {
          id: ids.input,
          value: values[field],
          disabled,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy(error && ids.error, hint && ids.description),
        };
        return (
          <Field key={field} className={cn((field === "notes" || field === "tags") && "sm:col-span-2")}>
            <Label htmlFor={ids.input}>
              {TEXT_LABELS[field]}
              {field === "firstName" ? (
                <span className="text-muted-foreground text-xs font-normal" aria-hidden="true">
                  (required)
                </span>
              ) : null}
            </Label>
            {field === "notes" ? (
              <Textarea {...common} rows={4} onChange={(e) => onChange(field, e.target.value)} />
            ) : (
              <Input
                {...common}
                {...TEXT_INPUT_PROPS[field]}
                autoFocus={autoFocus && field === "firstName"}
                onChange={(e) => onChange(field, e.target.value)}
              />
            )}
            {hint ? <FieldDescription id={ids.description}>{hint}</FieldDescription> : null}
            <FieldError id={ids.error}>{error}</FieldError>
          </Field>
        );
      })}
    </div>
  );
}

const ROWS_COPY = {
  emails: {
    legend: "Email",
    noun: "email",
    hint: null,
    input: { type: "text", inputMode: "email", autoComplete: "off", placeholder: "ada@example.com" },
  },
  phones: {
    legend: "Phone",
    noun: "phone",
    hint: "Any format, e.g. (415) 555-0134 or +44 20 7946 0958.",
    input: { type: "text", inputMode: "tel", autoComplete: "off", placeholder: "+1 415 555 0134" },
  },
} satisfies Record<ContactListField, { legend: string; noun: string; hint: string | null; input: React.ComponentProps<"input"> }>;

/**
 * One input per email or phone, with "Add …" and a remove button per row. There is always at
 * least one row; removing the only one leaves it empty. Adding focuses the new row, removing
 * focuses the row before (or the one that took its place), so the keyboard never loses its place.
 */
function ContactRowsField({
  idPrefix,
  field,
  rows,
  errors,
  disabled,
  onChange,
}: {
  idPrefix: string;
  field: ContactListField;
  rows: ContactRow[];
  errors: ContactFieldErrors;
  disabled?: boolean;
  onChange: (rows: ContactRow[]) => void;
}) {
  const copy = ROWS_COPY[field];
  const ids = fieldIds(field, idPrefix);
  const listError = errors[field];
  const inputs = React.useRef(new Map<number, HTMLInputElement>());
  // The row to focus once its input mounts (a row just added, or the empty row that replaced the
  // last one removed).
  const focusOnMount = React.useRef<number | null>(null);

  function add() {
    const row = newRow();
    focusOnMount.current = row.key;
    onChange([...rows, row]);
  }

  function remove(index: number) {
    const rest = rows.filter((_, i) => i !== index);
    if (rest.length === 0) {
      const row = newRow();
      focusOnMount.current = row.key;
      onChange([row]);
      return;
    }
    onChange(rest);
    const neighbour = rest[Math.max(0, index - 1)];
    if (neighbour) inputs.current.get(neighbour.key)?.focus();
  }

  return (
    <fieldset className="grid min-w-0 content-start gap-2" aria-describedby={describedBy(listError && ids.error, copy.hint && ids.description)}>
      <legend className="mb-2 text-sm leading-none font-medium">{copy.legend}</legend>
      {rows.map((row, index) => {
        const rowIds = fieldIds(`${field}-${index}`, idPrefix);
        const error = errors[`${field}.${row.key}`];
        const position = index + 1;
        // The only row, empty: nothing to remove, but the button keeps its space so the input
        // does not change width as the user types.
        const removable = rows.length > 1 || row.value !== "";
        return (
          <div key={row.key} className="grid gap-1">
            <div className="flex items-center gap-2">
              <Input
                {...copy.input}
                id={rowIds.input}
                ref={(el) => {
                  if (el) {
                    inputs.current.set(row.key, el);
                    if (focusOnMount.current === row.key) {
                      focusOnMount.current = null;
                      el.focus();
                    }
                  } else {
                    inputs.current.delete(row.key);
                  }
                }}
                aria-label={`${copy.legend} ${position}`}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(error && rowIds.error, copy.hint && ids.description)}
                value={row.value}
                disabled={disabled}
                onChange={(e) => onChange(rows.map((r) => (r.key === row.key ? { ...r, value: e.target.value } : r)))}
              />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className={cn("text-muted-foreground hover:text-foreground", !removable && "invisible")}
                aria-label={`Remove ${copy.noun} ${position}`}
                disabled={disabled || !removable}
                onClick={() => remove(index)}
              >
                <XIcon aria-hidden="true" />
              </Button>
            </div>
            <FieldError id={rowIds.error}>{error}</FieldError>
          </div>
        );
      })}
      <Button type="button" variant="outline" size="sm" className="justify-self-start" disabled={disabled} onClick={add}>
        <PlusIcon aria-hidden="true" />
        Add {copy.noun}
      </Button>
      {copy.hint ? <FieldDescription id={ids.description}>{copy.hint}</FieldDescription> : null}
      <FieldError id={ids.error}>{listError}</FieldError>
    </fieldset>
  );
}
