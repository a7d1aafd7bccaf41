import { z } from "zod";

/**
 * A form value the server takes in another shape (comma-separated text as a list, picked contacts
 * as their ids, a select's text as a number): `parse` turns the form's value into that shape and
 * the server's own `schema` checks it. Its first problem is reported on the form's field itself,
 * as the server's flattened field error is, not on an entry of a list the form does not have
 * ("tags.2").
 */
export function parsedField<I, S extends z.ZodType>(input: z.ZodType<I, I>, parse: (value: I) => unknown, schema: S) {
  return input.transform((value, ctx): z.output<S> => {
    const result = schema.safeParse(parse(value));
    if (result.success) return result.data;
    ctx.addIssue({ code: "custom", message: result.error.issues[0]?.message ?? "Check this field." });
    return z.NEVER;
  });
}

/** `parsedField` for a text input. */
export function parsedTextField<S extends z.ZodType>(parse: (text: string) => unknown, schema: S) {
  return parsedField(z.string(), parse, schema);
}

/** Comma-separated text as a list of its non-empty entries, trimmed. */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * A react-hook-form `ref` for a control that does not forward one (date picker, combobox): lets
 * `setError(…, { shouldFocus })` and the first invalid field on submit be focused by id.
 */
export function focusById(id: string) {
  return { focus: () => document.getElementById(id)?.focus() };
}
