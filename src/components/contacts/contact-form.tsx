"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { PlusIcon, XIcon } from "lucide-react";
import { useFieldArray, useForm, useFormState, useWatch, type Path, type UseFormReturn } from "react-hook-form";
import { z } from "zod";

import { contactFieldsShape } from "~/server/contacts/schemas";
import type { ContactData } from "~/server/contacts/normalize";
import type { FieldRoute } from "~/components/shared/form-errors";
import { parsedTextField } from "~/components/shared/form-schema";
import { Button } from "~/components/ui/button";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Textarea } from "~/components/ui/textarea";
import { useHydrated } from "~/components/use-hydrated";
import { FIELD_LIMITS } from "~/lib/field-limits";
import type { PhoneFormat } from "~/lib/format";
import { cn } from "~/lib/utils";

/** Fields typed as one text each; tags are comma-separated. */
export const CONTACT_TEXT_FIELDS = ["firstName", "lastName", "company", "jobTitle", "notes", "tags"] as const;
export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number];
/** Fields typed as one input per entry ("Add email", "Add phone"). */
export const CONTACT_LIST_FIELDS = ["emails", "phones"] as const;
export type ContactListField = (typeof CONTACT_LIST_FIELDS)[number];

/** One email or phone input (an object, as useFieldArray keys each row by an id of its own). */
export interface ContactRow {
  value: string;
}

export type ContactFormValues = Record<ContactTextField, string> & Record<ContactListField, ContactRow[]>;

/** The rows for a list, with one empty row when there is nothing yet. */
function rowsOf(values: string[]): ContactRow[] {
  return values.length > 0 ? values.map((value) => ({ value })) : [{ value: "" }];
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

function splitList(text: string) {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * The positions of the rows that are sent: blank ones are left out, so that the server's count
 * limit applies to real entries only. Entry i of what is sent ("emails.i" to the server) is the
 * row at position sentRows(rows)[i].
 */
function sentRows(rows: ContactRow[]): number[] {
  return rows.flatMap((row, position) => (row.value.trim() !== "" ? [position] : []));
}

/** A tag's problem, naming the tag ("tags.2" alone would mean nothing to the user). */
function tagMessage(tags: string[], index: number | undefined, message: string) {
  const tag = index === undefined ? undefined : tags[index];
  return tag ? `“${tag}”: ${message}` : message;
}

const shape = contactFieldsShape;

/** Blank text is no value (null); anything else is checked by the server's own schema. */
function optionalText<S extends z.ZodType>(schema: S) {
  return parsedTextField((text) => text.trim() || null, schema);
}

/**
 * The rows as typed, sent without the blank ones and checked by the server's list schema; each
 * problem lands on the row it is about, or, for the list as a whole (too many), under the list.
 */
function rowsField(list: z.ZodType<string[]>) {
  return z.array(z.object({ value: z.string() })).transform((rows, ctx): string[] => {
    const sent = sentRows(rows);
    const result = list.safeParse(sent.map((position) => rows[position]!.value));
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const position = typeof issue.path[0] === "number" ? sent[issue.path[0]] : undefined;
      ctx.addIssue({ code: "custom", message: issue.message, path: position === undefined ? [] : [position, "value"] });
    }
    return z.NEVER;
  });
}

/** Comma-separated tags, checked by the server's schema; the message names the tag it is about. */
const tagsField = z.string().transform((text, ctx): string[] => {
  const tags = splitList(text);
  const result = shape.tags.safeParse(tags);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const index = typeof issue?.path[0] === "number" ? issue.path[0] : undefined;
  ctx.addIssue({ code: "custom", message: tagMessage(tags, index, issue?.message ?? "Check the tags.") });
  return z.NEVER;
});

/**
 * The form's values checked with the contacts router's own schemas (shapes and sizes; whether an
 * email or a number is valid is the server's to say, with the user's region) and turned into
 * what contacts.create / contacts.update take.
 */
export const contactFormSchema = z.object({
  firstName: shape.firstName,
  lastName: optionalText(shape.lastName),
  emails: rowsField(shape.emails),
  phones: rowsField(shape.phones),
  company: optionalText(shape.company),
  jobTitle: optionalText(shape.jobTitle),
  notes: optionalText(shape.notes),
  tags: tagsField,
});
export type ContactInput = z.output<typeof contactFormSchema>;

export type ContactForm = UseFormReturn<ContactFormValues, unknown, ContactInput>;

/** The contact form's state, starting from `initial` (read once, when the form mounts). */
export function useContactForm(initial: () => ContactFormValues): ContactForm {
  const [defaultValues] = React.useState(initial);
  return useForm<ContactFormValues, unknown, ContactInput>({ resolver: zodResolver(contactFormSchema), defaultValues });
}

function isTextField(key: string): key is ContactTextField {
  return (CONTACT_TEXT_FIELDS as readonly string[]).includes(key);
}

function isListField(key: string): key is ContactListField {
  return (CONTACT_LIST_FIELDS as readonly string[]).includes(key);
}

/** Where react-hook-form keeps a field array's own message (not one of its rows'). */
function listErrorPath(field: ContactListField) {
  return `${field}.root` as Path<ContactFormValues>;
}

/**
 * Where contacts.create/update's field errors go on the form: "emails.1" (the second address
 * sent) to the row it came from, "emails" (too many) under the list, "tags.2" under Tags naming
 * the tag, anything else to the form's message. `values` must be the values that were sent.
 */
export function contactErrorRoute(values: ContactFormValues): FieldRoute<Path<ContactFormValues>> {
  return (key, message) => {
    const [head = "", index] = key.split(".");
    if (isListField(head)) {
      const position = index === undefined ? undefined : sentRows(values[head])[Number(index)];
      return { field: position === undefined ? listErrorPath(head) : `${head}.${position}.value`, message };
    }
    if (isTextField(head)) {
      const text = head === "tags" ? tagMessage(splitList(values.tags), index === undefined ? undefined : Number(index), message) : message;
      return { field: head, message: text };
    }
    return null;
  };
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
  firstName: { autoComplete: "off", required: true, maxLength: FIELD_LIMITS.personName },
  lastName: { autoComplete: "off", maxLength: FIELD_LIMITS.personName },
  company: { autoComplete: "off", maxLength: FIELD_LIMITS.company },
  jobTitle: { autoComplete: "off", maxLength: FIELD_LIMITS.jobTitle },
  tags: { autoComplete: "off", placeholder: "family, work" },
};

/** Field order in the two-column grid: emails beside phones, notes and tags full width. */
const LAYOUT = ["firstName", "lastName", "emails", "phones", "company", "jobTitle", "notes", "tags"] as const;

/**
 * The contact fields in a responsive two-column grid. Read-only while `pending` and until
 * hydrated (react-hook-form fills its inputs when it attaches to them).
 */
export function ContactFields({
  form,
  idPrefix,
  pending,
  autoFocus,
}: {
  form: ContactForm;
  idPrefix: string;
  pending: boolean;
  autoFocus?: boolean;
}) {
  const hydrated = useHydrated();
  const readOnly = pending || !hydrated;
  const { errors } = useFormState({ control: form.control, name: CONTACT_TEXT_FIELDS });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {LAYOUT.map((field) => {
        if (isListField(field)) {
          return <ContactRowsField key={field} form={form} idPrefix={idPrefix} field={field} readOnly={readOnly} />;
        }
        const ids = fieldIds(field, idPrefix);
        const error = errors[field]?.message;
        const hint = TEXT_HINTS[field];
        const common = {
          id: ids.input,
          ...form.register(field),
          readOnly,
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
              <Textarea {...common} rows={4} maxLength={FIELD_LIMITS.contactNotes} />
            ) : (
              <Input {...common} {...TEXT_INPUT_PROPS[field]} autoFocus={autoFocus && field === "firstName"} />
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
    input: { type: "text", inputMode: "email", autoComplete: "off", placeholder: "ada@example.com", maxLength: FIELD_LIMITS.email },
  },
  phones: {
    legend: "Phone",
    noun: "phone",
    hint: "Any format, e.g. (415) 555-0134 or +44 20 7946 0958.",
    input: { type: "text", inputMode: "tel", autoComplete: "off", placeholder: "+1 415 555 0134", maxLength: FIELD_LIMITS.phone },
  },
} satisfies Record<ContactListField, { legend: string; noun: string; hint: string | null; input: React.ComponentProps<"input"> }>;

/**
 * One input per email or phone, with "Add …" and a remove button per row. There is always at
 * least one row; removing the only one leaves it empty. Adding focuses the new row, removing
 * focuses the row before (or the one that took its place), so the keyboard never loses its place.
 */
function ContactRowsField({
  form,
  idPrefix,
  field,
  readOnly,
}: {
  form: ContactForm;
  idPrefix: string;
  field: ContactListField;
  readOnly: boolean;
}) {
  const copy = ROWS_COPY[field];
  const ids = fieldIds(field, idPrefix);
  const { fields: rows, append, remove, replace } = useFieldArray({ control: form.control, name: field });
  const values = useWatch({ control: form.control, name: field });
  const { errors } = useFormState({ control: form.control, name: field });
  const listError = errors[field]?.root?.message;
  // The row to focus once the rows have changed (the row before one removed, or the empty row
  // that replaced the last one).
  const focusRow = React.useRef<number | null>(null);
  const { setFocus, clearErrors } = form;
  React.useEffect(() => {
    if (focusRow.current === null) return;
    setFocus(`${field}.${focusRow.current}.value`);
    focusRow.current = null;
  }, [rows, field, setFocus]);

  function removeRow(index: number) {
    if (rows.length === 1) {
      clearErrors(field);
      focusRow.current = 0;
      replace([{ value: "" }]);
      return;
    }
    focusRow.current = Math.max(0, index - 1);
    remove(index);
  }

  return (
    <fieldset className="grid min-w-0 content-start gap-2" aria-describedby={describedBy(listError && ids.error, copy.hint && ids.description)}>
      <legend className="mb-2 text-sm leading-none font-medium">{copy.legend}</legend>
      {rows.map((row, index) => {
        const rowIds = fieldIds(`${field}-${index}`, idPrefix);
        const error = errors[field]?.[index]?.value?.message;
        const position = index + 1;
        // The only row, empty: nothing to remove, but the button keeps its space so the input
        // does not change width as the user types.
        const removable = rows.length > 1 || (values[index]?.value ?? "") !== "";
        return (
          <div key={row.id} className="grid gap-1">
            <div className="flex items-center gap-2">
              <Input
                {...copy.input}
                id={rowIds.input}
                {...form.register(`${field}.${index}.value`)}
                readOnly={readOnly}
                aria-label={`${copy.legend} ${position}`}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(error && rowIds.error, copy.hint && ids.description)}
              />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className={cn("text-muted-foreground hover:text-foreground", !removable && "invisible")}
                aria-label={`Remove ${copy.noun} ${position}`}
                disabled={readOnly || !removable}
                onClick={() => removeRow(index)}
              >
                <XIcon aria-hidden="true" />
              </Button>
            </div>
            <FieldError id={rowIds.error}>{error}</FieldError>
          </div>
        );
      })}
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="justify-self-start"
        disabled={readOnly}
        // append focuses the new row once it is rendered.
        onClick={() => append({ value: "" })}
      >
        <PlusIcon aria-hidden="true" />
        Add {copy.noun}
      </Button>
      {copy.hint ? <FieldDescription id={ids.description}>{copy.hint}</FieldDescription> : null}
      <FieldError id={ids.error}>{listError}</FieldError>
    </fieldset>
  );
}
