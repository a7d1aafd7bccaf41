"use client";

import * as React from "react";
import type { TRPCClientErrorLike } from "@trpc/client";

import type { AppRouter } from "~/server/api/root";
import { GENERIC_ERROR } from "~/components/calendar/form-errors";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Textarea } from "~/components/ui/textarea";
import { cn } from "~/lib/utils";

/** The form's fields; emails, phones and tags are typed comma-separated. */
export const CONTACT_FIELDS = ["firstName", "lastName", "email", "phone", "company", "jobTitle", "notes", "tags"] as const;
export type ContactFieldName = (typeof CONTACT_FIELDS)[number];
export type ContactFormValues = Record<ContactFieldName, string>;
export type ContactFieldErrors = Partial<Record<ContactFieldName, string>>;

export const EMPTY_CONTACT_FORM: ContactFormValues = {
  firstName: "",
  lastName: "",
  email: "",
  phone: "",
  company: "",
  jobTitle: "",
  notes: "",
  tags: "",
};

interface ContactLike {
  firstName: string;
  lastName: string | null;
  emails: string[];
  phones: string[];
  company: string | null;
  jobTitle: string | null;
  notes: string | null;
  tags: string[];
}

export function formFromContact(contact: ContactLike): ContactFormValues {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName ?? "",
    email: contact.emails.join(", "),
    phone: contact.phones.join(", "),
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

/** Values for contacts.create / contacts.update. */
export function contactInputFromForm(values: ContactFormValues) {
  const orNull = (text: string) => (text.trim() ? text.trim() : null);
  return {
    firstName: values.firstName.trim(),
    lastName: orNull(values.lastName),
    emails: splitList(values.email),
    phones: splitList(values.phone),
    company: orNull(values.company),
    jobTitle: orNull(values.jobTitle),
    notes: values.notes.trim() ? values.notes : null,
    tags: splitList(values.tags),
  };
}

const KEY_TO_FIELD: Record<string, ContactFieldName> = {
  firstName: "firstName",
  lastName: "lastName",
  emails: "email",
  phones: "phone",
  company: "company",
  jobTitle: "jobTitle",
  notes: "notes",
  tags: "tags",
};

/**
 * Field errors of contacts.create/update mapped onto the form: "emails.1" -> Email (prefixed
 * with which address when there are several), everything else to one form-level message.
 */
export function contactFormErrors(
  error: TRPCClientErrorLike<AppRouter>,
  values: ContactFormValues,
): { fieldErrors: ContactFieldErrors; formError: string | null } {
  const zod = error.data?.zodError;
  if (!zod) return { fieldErrors: {}, formError: error.data ? error.message || GENERIC_ERROR : GENERIC_ERROR };
  const fieldErrors: ContactFieldErrors = {};
  const other: string[] = [...(zod.formErrors ?? [])];
  for (const [key, messages] of Object.entries(zod.fieldErrors ?? {})) {
    const message = (messages as string[] | undefined)?.[0];
    if (!message) continue;
    const [head, index] = key.split(".");
    const field = head ? KEY_TO_FIELD[head] : undefined;
    if (!field) {
      other.push(message);
      continue;
    }
    let text = message;
    if (index !== undefined && (field === "email" || field === "phone" || field === "tags")) {
      const items = splitList(values[field]);
      const item = items[Number(index)];
      if (items.length > 1 && item) text = `“${item}”: ${message}`;
    }
    fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]} ${text}` : text;
  }
  return { fieldErrors, formError: other.length > 0 ? other.join(" ") : null };
}

/** Ctrl/⌘+Enter submits from anywhere in the form (Enter alone already does in inputs). */
export function submitOnCtrlEnter(e: React.KeyboardEvent<HTMLFormElement>) {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}

const LABELS: Record<ContactFieldName, string> = {
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  jobTitle: "Job title",
  notes: "Notes",
  tags: "Tags",
};

const HINTS: Partial<Record<ContactFieldName, string>> = {
  email: "Several? Separate them with commas.",
  phone: "Any format; several separated by commas.",
  tags: "Comma-separated, e.g. family, work.",
};

const INPUT_PROPS: Partial<Record<ContactFieldName, React.ComponentProps<"input">>> = {
  firstName: { autoComplete: "off", required: true },
  lastName: { autoComplete: "off" },
  email: { type: "text", inputMode: "email", autoComplete: "off", placeholder: "ada@example.com" },
  phone: { type: "text", inputMode: "tel", autoComplete: "off", placeholder: "+1 415 555 0134" },
  company: { autoComplete: "off" },
  jobTitle: { autoComplete: "off" },
  tags: { autoComplete: "off", placeholder: "family, work" },
};

/** The contact fields in a responsive two-column grid (notes and tags full width). */
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
  onChange: (field: ContactFieldName, value: string) => void;
  errors: ContactFieldErrors;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {CONTACT_FIELDS.map((field) => {
        const ids = fieldIds(field, idPrefix);
        const error = errors[field];
        const hint = HINTS[field];
        const wide = field === "notes" || field === "tags";
        const common = {
          id: ids.input,
          value: values[field],
          disabled,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy(error && ids.error, hint && ids.description),
        };
        return (
          <Field key={field} className={cn(wide && "sm:col-span-2")}>
            <Label htmlFor={ids.input}>
              {LABELS[field]}
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
                {...INPUT_PROPS[field]}
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
