import * as React from "react";

import { cn } from "~/lib/utils";

/**
 * Minimal form-field helpers in the shadcn pattern.
 *
 * Wire an input to its error like this:
 *
 *   const ids = fieldIds("email");
 *   <Label htmlFor={ids.input}>Email</Label>
 *   <Input id={ids.input} aria-invalid={!!err || undefined}
 *          aria-describedby={describedBy(err && ids.error, ids.description)} />
 *   <FieldDescription id={ids.description}>...</FieldDescription>
 *   <FieldError id={ids.error}>{err}</FieldError>
 */
function fieldIds(name: string, prefix = "field") {
  const base = `${prefix}-${name}`;
  return {
    input: base,
    description: `${base}-description`,
    error: `${base}-error`,
  };
}

/** Joins the ids that are present into an `aria-describedby` value (or undefined). */
function describedBy(...ids: Array<string | false | null | undefined>) {
  const present = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
  return present.length > 0 ? present.join(" ") : undefined;
}

function Field({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="field" className={cn("grid gap-2", className)} {...props} />;
}

function FieldDescription({ className, ...props }: React.ComponentProps<"p">) {
  return (
    <p
      data-slot="field-description"
      className={cn("text-muted-foreground text-xs", className)}
      {...props}
    />
  );
}

/**
 * Renders an error message under an input. Accepts a string, an array of strings
 * (as in zod's `fieldErrors`), or children. Renders nothing when there is no message.
 */
function FieldError({
  className,
  children,
  messages,
  ...props
}: React.ComponentProps<"p"> & { messages?: string | readonly string[] | null }) {
  const list =
    messages == null ? [] : typeof messages === "string" ? [messages] : messages.filter(Boolean);
  const content = children ?? (list.length > 0 ? list.join(" ") : null);
  if (content == null || content === false || content === "") return null;

  return (
    <p
      data-slot="field-error"
      className={cn("text-destructive text-sm", className)}
      {...props}
    >
      {content}
    </p>
  );
}

export { Field, FieldDescription, FieldError, fieldIds, describedBy };
