"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { CakeIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { api, type RouterOutputs } from "~/trpc/react";
import { CONTACT_DATE_KINDS, createContactDateInput, type ContactDateKind } from "~/server/reminders/schemas";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/ui/button";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Skeleton } from "~/components/ui/skeleton";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { focusById } from "~/components/shared/form-schema";
import { LocalTime } from "~/components/local-time";

type ContactDate = RouterOutputs["keepInTouch"]["dates"][number];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const KIND_LABELS: Record<ContactDateKind, string> = { birthday: "Birthday", anniversary: "Anniversary", custom: "Custom" };

function dateText(date: Pick<ContactDate, "month" | "day" | "year">): string {
  return `${MONTHS[date.month - 1]} ${date.day}${date.year ? `, ${date.year}` : ""}`;
}

/** The contact's birthdays, anniversaries and custom dates, each a yearly reminder; added and edited in place. */
export function ImportantDates({ contactId }: { contactId: string }) {
  const query = api.keepInTouch.dates.useQuery({ contactId });
  const [editing, setEditing] = React.useState<ContactDate | "new" | null>(null);
  const utils = api.useUtils();
  const remove = api.keepInTouch.deleteDate.useMutation({
    onSuccess: async () => {
      await utils.keepInTouch.dates.invalidate({ contactId });
      await utils.reminders.invalidate();
      toast.success("Date deleted.");
    },
    onError: (error) => toast.error(error.message),
  });

  return (
    <section aria-labelledby={`dates-${contactId}`} className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h3 id={`dates-${contactId}`} className="text-sm font-medium">
          Important dates
        </h3>
        {editing === null ? (
          <Button type="button" size="sm" variant="outline" onClick={() => setEditing("new")}>
            <PlusIcon aria-hidden="true" />
            Add a date
          </Button>
        ) : null}
      </div>
      {!query.data ? (
        query.isError ? (
          <p className="text-destructive text-sm">Could not load the dates: {query.error.message}</p>
        ) : (
          <Skeleton className="h-8 w-full" aria-label="Loading important dates" />
        )
      ) : query.data.length === 0 && editing === null ? (
        <p className="text-muted-foreground text-sm">No birthdays or anniversaries yet: each one gets a yearly reminder at 9:00.</p>
      ) : (
        <ul className="divide-y" aria-label="Important dates">
          {query.data.map((date) =>
            editing !== "new" && editing?.id === date.id ? (
              <li key={date.id} className="py-2">
                <DateForm contactId={contactId} date={date} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={date.id} className="flex items-center gap-3 py-2">
                <CakeIcon className="text-muted-foreground size-4 shrink-0" aria-hidden="true" />
                <div className="min-w-0 flex-1 text-sm">
                  <span className="font-medium">{date.kind === "custom" ? date.label : KIND_LABELS[date.kind]}</span>
                  {date.kind !== "custom" && date.label ? ` (${date.label})` : null} · {dateText(date)}
                  {date.nextDueAt ? (
                    <span className="text-muted-foreground block text-xs">
                      Next reminder <LocalTime value={date.nextDueAt} format="date" />
                    </span>
                  ) : null}
                </div>
                <Button type="button" size="icon" variant="ghost" aria-label={`Edit ${dateText(date)}`} onClick={() => setEditing(date)}>
                  <PencilIcon aria-hidden="true" />
                </Button>
                <Button
                  type="button"
                  size="icon"
                  variant="ghost"
                  aria-label={`Delete ${dateText(date)}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ id: date.id })}
                >
                  <Trash2Icon aria-hidden="true" />
                </Button>
              </li>
            ),
          )}
        </ul>
      )}
      {editing === "new" ? <DateForm contactId={contactId} onDone={() => setEditing(null)} /> : null}
    </section>
  );
}

/** Empty text is no number (the server's own "Enter a …" message), anything else its value. */
const numberOrNaN = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/**
 * The form's text as the server's input, checked by the server's own schema (so the browser says
 * what the server would: "That month has 30 days.", "Name this date.").
 */
const dateForm = z
  .object({ contactId: z.string(), kind: z.enum(CONTACT_DATE_KINDS), label: z.string(), month: z.string(), day: z.string(), year: z.string() })
  .transform((v): z.input<typeof createContactDateInput> => ({
    contactId: v.contactId,
    kind: v.kind,
    label: v.label.trim() || null,
    month: Number(v.month),
    day: numberOrNaN(v.day),
    year: v.year.trim() === "" ? null : Number(v.year),
  }))
  .pipe(createContactDateInput);
type DateValues = z.input<typeof dateForm>;

const DATE_FIELDS = ["kind", "label", "month", "day", "year"] as const;
type DateField = (typeof DATE_FIELDS)[number];

function DateForm({ contactId, date, onDone }: { contactId: string; date?: ContactDate; onDone: () => void }) {
  const utils = api.useUtils();
  const prefix = `date-${React.useId()}`;
  const ids = Object.fromEntries(DATE_FIELDS.map((f) => [f, fieldIds(f, prefix)])) as Record<DateField, ReturnType<typeof fieldIds>>;
  const form = useForm<DateValues, unknown, z.output<typeof dateForm>>({
    resolver: zodResolver(dateForm),
    defaultValues: {
      contactId,
      kind: date?.kind ?? "birthday",
      label: date?.label ?? "",
      month: String(date?.month ?? 1),
      day: date ? String(date.day) : "",
      year: date?.year ? String(date.year) : "",
    },
  });
  const { errors } = form.formState;
  const kind = useWatch({ control: form.control, name: "kind" });

  const done = async () => {
    await utils.keepInTouch.dates.invalidate({ contactId });
    await utils.reminders.invalidate();
    onDone();
  };
  const onError = (error: Parameters<typeof setServerErrors>[1]) => setServerErrors(form, error, DATE_FIELDS);
  const create = api.keepInTouch.createDate.useMutation({ onSuccess: done, onError });
  const update = api.keepInTouch.updateDate.useMutation({ onSuccess: done, onError });
  const pending = create.isPending || update.isPending;

  const onSubmit = form.handleSubmit(({ contactId: _contact, ...values }) => {
    if (pending) return;
    if (date) update.mutate({ id: date.id, ...values });
    else create.mutate({ contactId, ...values });
  });

  const error = (field: DateField) => errors[field]?.message;
  const inputProps = (field: DateField) =>
    ({
      id: ids[field].input,
      "aria-invalid": error(field) ? true : undefined,
      "aria-describedby": describedBy(error(field) && ids[field].error),
    }) as const;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-md border p-3" aria-label={date ? "Edit the date" : "Add a date"}>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Field className="gap-1">
          <Label htmlFor={ids.kind.input}>Kind</Label>
          <Controller
            control={form.control}
            name="kind"
            render={({ field }) => {
              field.ref(focusById(ids.kind.input));
              return (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger {...inputProps("kind")} className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {CONTACT_DATE_KINDS.map((k) => (
                      <SelectItem key={k} value={k}>
                        {KIND_LABELS[k]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              );
            }}
          />
          <FieldError id={ids.kind.error}>{error("kind")}</FieldError>
        </Field>
        <Field className="gap-1 sm:col-span-3">
          <Label htmlFor={ids.label.input}>{kind === "custom" ? "Name" : "Label (optional)"}</Label>
          <Input {...inputProps("label")} {...form.register("label")} maxLength={FIELD_LIMITS.contactDateLabel} />
          <FieldError id={ids.label.error}>{error("label")}</FieldError>
        </Field>
        <Field className="gap-1">
          <Label htmlFor={ids.month.input}>Month</Label>
          <Controller
            control={form.control}
            name="month"
            render={({ field }) => {
              field.ref(focusById(ids.month.input));
              return (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger {...inputProps("month")} className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {MONTHS.map((m, i) => (
                      <SelectItem key={m} value={String(i + 1)}>
                        {m}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              );
            }}
          />
          <FieldError id={ids.month.error}>{error("month")}</FieldError>
        </Field>
        <Field className="gap-1">
          <Label htmlFor={ids.day.input}>Day</Label>
          <Input {...inputProps("day")} {...form.register("day")} type="number" inputMode="numeric" min={1} max={31} />
          <FieldError id={ids.day.error}>{error("day")}</FieldError>
        </Field>
        <Field className="gap-1">
          <Label htmlFor={ids.year.input}>Year (optional)</Label>
          <Input {...inputProps("year")} {...form.register("year")} type="number" inputMode="numeric" />
          <FieldError id={ids.year.error}>{error("year")}</FieldError>
        </Field>
      </div>
      <FormError message={errors.root?.server?.message} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? <Spinner aria-hidden /> : null}
          {date ? "Update date" : "Add date"}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
