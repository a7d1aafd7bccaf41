"use client";

import * as React from "react";
import { CakeIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import {
  CONTACT_DATE_KINDS,
  createContactDateInput,
  setKeepInTouchInput,
  type ContactDateKind,
  type KeepInTouchUnit,
} from "~/server/reminders/schemas";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Skeleton } from "~/components/ui/skeleton";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { splitFormErrors } from "~/components/shared/form-errors";
import { LocalTime } from "~/components/local-time";
import { countText } from "~/lib/format";

type ContactDate = RouterOutputs["keepInTouch"]["dates"][number];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const KIND_LABELS: Record<ContactDateKind, string> = { birthday: "Birthday", anniversary: "Anniversary", custom: "Custom" };

/** Zod issues of the shared schema, first message per top-level field (the browser checks what the server checks). */
function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const errors: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}

/**
 * "Stay in touch every [N] [days/weeks]" and the contact's important dates (issue 12, item 6):
 * both become reminders, and both feed the dashboard's reconnect card.
 */
export function KeepInTouchCard({ contactId, name }: { contactId: string; name: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Keep in touch</h2>
        </CardTitle>
        <CardDescription>
          A nudge when you have not called, texted or met {name} for a while, and a reminder on their important dates.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <KeepInTouchControl contactId={contactId} />
        <ImportantDates contactId={contactId} />
      </CardContent>
    </Card>
  );
}

function KeepInTouchControl({ contactId }: { contactId: string }) {
  const query = api.keepInTouch.get.useQuery({ contactId });
  if (!query.data) {
    return query.isError ? (
      <p className="text-destructive text-sm">Could not load keep-in-touch: {query.error.message}</p>
    ) : (
      <Skeleton className="h-10 w-full" aria-label="Loading keep-in-touch" />
    );
  }
  const current = query.data.keepInTouch;
  // Keyed by the saved period, so the inputs start from it again after each save or stop.
  return <KeepInTouchForm key={current ? current.days : "none"} contactId={contactId} current={current} />;
}

function KeepInTouchForm({ contactId, current }: { contactId: string; current: RouterOutputs["keepInTouch"]["get"]["keepInTouch"] }) {
  const utils = api.useUtils();
  const [every, setEvery] = React.useState(current ? String(current.every) : "");
  const [unit, setUnit] = React.useState<KeepInTouchUnit>(current?.unit ?? "weeks");
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const everyId = React.useId();

  const onDone = async (data: RouterOutputs["keepInTouch"]["get"]) => {
    utils.keepInTouch.get.setData({ contactId }, data);
    await utils.reminders.invalidate();
  };
  const set = api.keepInTouch.set.useMutation({
    onSuccess: async (data) => {
      await onDone(data);
      toast.success("Keep-in-touch saved.");
    },
    onError: (error) => {
      const split = splitFormErrors(error, ["every", "unit"] as const);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const clear = api.keepInTouch.clear.useMutation({
    onSuccess: async (data) => {
      await onDone(data);
      toast.success("No longer keeping in touch.");
    },
    onError: (error) => setFormError(error.message),
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const input = { contactId, every: Number(every), unit };
    const parsed = setKeepInTouchInput.safeParse(input);
    if (!parsed.success || every.trim() === "") {
      setErrors(every.trim() === "" ? { every: "Enter a number." } : issuesOf(parsed));
      return;
    }
    setErrors({});
    set.mutate(parsed.data);
  };

  return (
    <form onSubmit={submit} className="space-y-2" aria-label="Stay in touch">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Label htmlFor={everyId}>Stay in touch every</Label>
        <Input
          id={everyId}
          type="number"
          inputMode="numeric"
          min={1}
          className="w-20"
          value={every}
          onChange={(e) => setEvery(e.target.value)}
          aria-invalid={errors.every ? true : undefined}
          aria-describedby={errors.every ? `${everyId}-error` : undefined}
        />
        <Select value={unit} onValueChange={(v) => setUnit(v as KeepInTouchUnit)}>
          <SelectTrigger className="w-28" aria-label="Days or weeks">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="days">days</SelectItem>
            <SelectItem value="weeks">weeks</SelectItem>
          </SelectContent>
        </Select>
        <Button type="submit" size="sm" disabled={set.isPending}>
          {set.isPending ? <Spinner aria-hidden /> : null}
          {/* Not "Save": the contact's own edit form on the same page has that button. */}
          {current ? "Update" : "Start"}
        </Button>
        {current ? (
          <Button type="button" size="sm" variant="ghost" disabled={clear.isPending} onClick={() => clear.mutate({ contactId })}>
            Stop
          </Button>
        ) : null}
      </div>
      {errors.every ? (
        <p id={`${everyId}-error`} className="text-destructive text-sm">
          {errors.every}
        </p>
      ) : null}
      <FormError message={formError} />
      {current ? (
        <p className="text-muted-foreground text-sm">
          {current.lastTouchAt ? (
            <>
              Last in touch <LocalTime value={current.lastTouchAt} format="relative" />.{" "}
            </>
          ) : (
            "Not in touch yet. "
          )}
          {current.overdueDays !== null ? (
            <span className="text-amber-700 dark:text-amber-300">
              {current.overdueDays === 0 ? "Due today." : `Overdue by ${countText(current.overdueDays, "day")}.`}
            </span>
          ) : null}{" "}
          {current.nextDueAt ? (
            <>
              Next nudge <LocalTime value={current.nextDueAt} />.
            </>
          ) : null}
        </p>
      ) : null}
    </form>
  );
}

function dateText(date: Pick<ContactDate, "month" | "day" | "year">): string {
  return `${MONTHS[date.month - 1]} ${date.day}${date.year ? `, ${date.year}` : ""}`;
}

function ImportantDates({ contactId }: { contactId: string }) {
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
        <ul className="divide-y">
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

const DATE_FIELDS = ["kind", "label", "month", "day", "year"] as const;

function DateForm({ contactId, date, onDone }: { contactId: string; date?: ContactDate; onDone: () => void }) {
  const utils = api.useUtils();
  const [kind, setKind] = React.useState<ContactDateKind>(date?.kind ?? "birthday");
  const [label, setLabel] = React.useState(date?.label ?? "");
  const [month, setMonth] = React.useState(String(date?.month ?? 1));
  const [day, setDay] = React.useState(date ? String(date.day) : "");
  const [year, setYear] = React.useState(date?.year ? String(date.year) : "");
  const [errors, setErrors] = React.useState<Partial<Record<(typeof DATE_FIELDS)[number], string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const id = React.useId();

  const done = async () => {
    await utils.keepInTouch.dates.invalidate({ contactId });
    await utils.reminders.invalidate();
    onDone();
  };
  const onError = (error: Parameters<typeof splitFormErrors>[0]) => {
    const split = splitFormErrors(error, DATE_FIELDS);
    setErrors(split.fieldErrors);
    setFormError(split.formError);
  };
  const create = api.keepInTouch.createDate.useMutation({ onSuccess: done, onError });
  const update = api.keepInTouch.updateDate.useMutation({ onSuccess: done, onError });
  const pending = create.isPending || update.isPending;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const fields = {
      kind,
      label: label.trim() || null,
      month: Number(month),
      day: day.trim() === "" ? Number.NaN : Number(day),
      year: year.trim() === "" ? null : Number(year),
    };
    const parsed = createContactDateInput.safeParse({ contactId, ...fields });
    if (!parsed.success) {
      setErrors(issuesOf(parsed));
      return;
    }
    setErrors({});
    const { contactId: _contact, ...values } = parsed.data;
    if (date) update.mutate({ id: date.id, ...values });
    else create.mutate(parsed.data);
  };

  const error = (field: (typeof DATE_FIELDS)[number]) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="text-destructive text-xs">
        {errors[field]}
      </p>
    ) : null;
  const invalid = (field: (typeof DATE_FIELDS)[number]) =>
    errors[field] ? { "aria-invalid": true as const, "aria-describedby": `${id}-${field}-error` } : {};

  return (
    <form onSubmit={submit} className="space-y-3 rounded-md border p-3" aria-label={date ? "Edit the date" : "Add a date"}>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div className="space-y-1">
          <Label htmlFor={`${id}-kind`}>Kind</Label>
          <Select value={kind} onValueChange={(v) => setKind(v as ContactDateKind)}>
            <SelectTrigger id={`${id}-kind`} className="w-full">
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
        </div>
        <div className="space-y-1 sm:col-span-3">
          <Label htmlFor={`${id}-label`}>{kind === "custom" ? "Name" : "Label (optional)"}</Label>
          <Input id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} {...invalid("label")} />
          {error("label")}
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${id}-month`}>Month</Label>
          <Select value={month} onValueChange={setMonth}>
            <SelectTrigger id={`${id}-month`} className="w-full">
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
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${id}-day`}>Day</Label>
          <Input id={`${id}-day`} type="number" inputMode="numeric" min={1} max={31} value={day} onChange={(e) => setDay(e.target.value)} {...invalid("day")} />
          {error("day")}
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${id}-year`}>Year (optional)</Label>
          <Input id={`${id}-year`} type="number" inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} {...invalid("year")} />
          {error("year")}
        </div>
      </div>
      <FormError message={formError} />
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
