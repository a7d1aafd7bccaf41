"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { Trash2Icon } from "lucide-react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { createEventInput } from "~/server/calendar/schemas";
import { api, type RouterOutputs } from "~/trpc/react";
import { addDaysIn, parseTime, toWallDate, toWallDateTime } from "~/lib/zoned-time";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "~/components/ui/dialog";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Spinner } from "~/components/ui/spinner";
import { Switch } from "~/components/ui/switch";
import { Textarea } from "~/components/ui/textarea";
import { ContactsMultiSelect, type PickedContact } from "~/components/shared/contacts-multi-select";
import { contactDisplayName } from "~/lib/contact-name";
import { FormError } from "~/components/shared/form-error";
import { errorMessage, setServerErrors } from "~/components/shared/form-errors";
import { focusById, parsedField, parsedTextField } from "~/components/shared/form-schema";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import { countText } from "~/lib/format";

export type CalendarEventItem = RouterOutputs["calendar"]["list"]["items"][number];

/**
 * The server's event fields, checked in the browser too (whether the end is after the start
 * needs the user's zone: the server says so, on `endsAt`). Times are wall-clock text in the
 * user's zone; the reminder is a select's text; contacts are picked with their names.
 */
const event = createEventInput.shape;
const eventForm = z.object({
  title: event.title,
  description: event.description,
  location: event.location,
  allDay: event.allDay,
  startsAt: event.startsAt,
  endsAt: parsedTextField((text) => text || null, event.endsAt),
  reminderMinutes: parsedTextField((text) => (text === "none" ? null : Number(text)), event.reminderMinutes),
  contactIds: parsedField(
    z.array(z.object({ id: z.string(), label: z.string() })),
    (picked) => picked.map((c) => c.id),
    event.contactIds,
  ),
});
type Values = z.input<typeof eventForm>;

const FIELDS = ["title", "description", "location", "startsAt", "endsAt", "reminderMinutes", "contactIds"] as const;
type FieldName = (typeof FIELDS)[number];

const REMINDERS: Array<{ value: string; label: string }> = [
  { value: "none", label: "No reminder" },
  { value: "0", label: "At the start" },
  { value: "5", label: "5 minutes before" },
  { value: "10", label: "10 minutes before" },
  { value: "15", label: "15 minutes before" },
  { value: "30", label: "30 minutes before" },
  { value: "60", label: "1 hour before" },
  { value: "120", label: "2 hours before" },
  { value: "1440", label: "1 day before" },
  { value: "2880", label: "2 days before" },
  { value: "10080", label: "1 week before" },
];

const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "event")])) as Record<FieldName, ReturnType<typeof fieldIds>>;
const allDayId = "event-all-day";

export interface EventDefaults {
  /** Wall-clock start in the user's zone ("YYYY-MM-DDTHH:mm" or "YYYY-MM-DD"). */
  start?: string;
  allDay?: boolean;
  contacts?: PickedContact[];
}

function initialValues(timeZone: string, event: CalendarEventItem | null, defaults: EventDefaults) {
  if (event) {
    const lastDay = event.endsAt ? addDaysIn(event.endsAt, -1, timeZone) : event.startsAt;
    return {
      title: event.title,
      description: event.description ?? "",
      location: event.location ?? "",
      allDay: event.allDay,
      startsAt: event.allDay ? toWallDate(event.startsAt, timeZone) : toWallDateTime(event.startsAt, timeZone),
      endsAt: event.allDay
        ? toWallDate(lastDay, timeZone)
        : event.endsAt
          ? toWallDateTime(event.endsAt, timeZone)
          : "",
      reminderMinutes: event.reminderMinutes == null ? "none" : String(event.reminderMinutes),
      contactIds: event.contacts.map((c) => ({ id: c.id, label: contactDisplayName(c) })),
    } satisfies Values;
  }
  const allDay = defaults.allDay ?? false;
  const base = defaults.start ?? `${toWallDate(new Date(), timeZone)}T09:00`;
  const startTime = base.length === 10 ? `${base}T09:00` : base;
  return {
    title: "",
    description: "",
    location: "",
    allDay,
    startsAt: allDay ? base.slice(0, 10) : startTime,
    endsAt: allDay
      ? base.slice(0, 10)
      : toWallDateTime(new Date(parseTime(startTime, timeZone).getTime() + 3_600_000), timeZone),
    reminderMinutes: "none",
    contactIds: defaults.contacts ?? [],
  } satisfies Values;
}

/** Wall-clock text of a form value ("" when there is none). */
function wall(value: Values["startsAt"] | null | undefined): string {
  return typeof value === "string" ? value : "";
}

export function EventDialog({
  open,
  onOpenChange,
  timeZone,
  event,
  defaults = {},
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  timeZone: string;
  /** The event to edit; null creates one. */
  event: CalendarEventItem | null;
  defaults?: EventDefaults;
}) {
  const utils = api.useUtils();
  const form = useForm<Values, unknown, z.output<typeof eventForm>>({
    resolver: zodResolver(eventForm),
    defaultValues: initialValues(timeZone, event, defaults),
  });
  const { errors } = form.formState;
  const allDay = useWatch({ control: form.control, name: "allDay" }) ?? false;
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const hotkeyRef = useSubmitHotkey();

  const onError = (error: Parameters<typeof setServerErrors>[1]) => setServerErrors(form, error, FIELDS);
  const done = async (message: string) => {
    await utils.calendar.list.invalidate();
    toast.success(message);
    onOpenChange(false);
  };
  const create = api.calendar.create.useMutation({ onError, onSuccess: (e) => done(`Event “${e.title}” created.`) });
  const update = api.calendar.update.useMutation({ onError, onSuccess: (e) => done(`Event “${e.title}” saved.`) });
  const remove = api.calendar.delete.useMutation();
  const pending = create.isPending || update.isPending;

  function setAllDay(next: boolean) {
    const starts = wall(form.getValues("startsAt"));
    const ends = wall(form.getValues("endsAt")) || starts;
    const dirty = { shouldDirty: true } as const;
    form.setValue("allDay", next, dirty);
    if (next) {
      form.setValue("startsAt", starts.slice(0, 10), dirty);
      form.setValue("endsAt", ends.slice(0, 10), dirty);
    } else {
      form.setValue("startsAt", `${starts.slice(0, 10)}T09:00`, dirty);
      form.setValue("endsAt", `${ends.slice(0, 10)}T10:00`, dirty);
    }
    form.clearErrors(["startsAt", "endsAt"]);
  }

  /** Moving the start keeps the event's length (when both ends are valid). */
  function setStarts(value: string) {
    const starts = wall(form.getValues("startsAt"));
    let ends = wall(form.getValues("endsAt"));
    try {
      if (allDay) {
        if (value && starts && ends) {
          const days = Math.round((Date.parse(ends) - Date.parse(starts)) / 86_400_000);
          const next = new Date(Date.parse(value) + Math.max(days, 0) * 86_400_000);
          if (!Number.isNaN(next.getTime())) ends = next.toISOString().slice(0, 10);
        }
      } else if (value && starts && ends) {
        const length = parseTime(ends, timeZone).getTime() - parseTime(starts, timeZone).getTime();
        const next = new Date(parseTime(value, timeZone).getTime() + Math.max(length, 0));
        if (!Number.isNaN(next.getTime())) ends = toWallDateTime(next, timeZone);
      }
    } catch {
      // leave the end as it is
    }
    form.setValue("startsAt", value, { shouldDirty: true });
    form.setValue("endsAt", ends, { shouldDirty: true });
    form.clearErrors(["startsAt", "endsAt"]);
  }

  const onSubmit = form.handleSubmit((values) => {
    if (pending) return;
    if (event) update.mutate({ id: event.id, ...values });
    else create.mutate(values);
  });

  function inputProps(field: FieldName) {
    const error = errors[field]?.message;
    return {
      id: ids[field].input,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error && ids[field].error),
    } as const;
  }

  const startsAt = form.register("startsAt");

  return (
    <Dialog open={open} onOpenChange={(next) => (!pending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{event ? "Edit event" : "New event"}</DialogTitle>
          <DialogDescription>
            Times are in your time zone ({timeZone.replace(/_/g, " ")}).
          </DialogDescription>
        </DialogHeader>
        <form ref={hotkeyRef} onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending || undefined}>
          <FormError message={errors.root?.server?.message} />
          <Field className="content-start">
            <Label htmlFor={ids.title.input}>Title</Label>
            <Input
              {...inputProps("title")}
              {...form.register("title")}
              autoFocus
              required
              maxLength={FIELD_LIMITS.eventTitle}
              placeholder="Coffee with Ada"
            />
            <FieldError id={ids.title.error}>{errors.title?.message}</FieldError>
          </Field>
          <div className="flex items-center gap-3">
            <Switch id={allDayId} checked={allDay} onCheckedChange={setAllDay} />
            <Label htmlFor={allDayId}>All day</Label>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.startsAt.input}>Starts</Label>
              <Input
                {...inputProps("startsAt")}
                {...startsAt}
                onChange={(e) => setStarts(e.target.value)}
                type={allDay ? "date" : "datetime-local"}
                required
              />
              <FieldError id={ids.startsAt.error}>{errors.startsAt?.message}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.endsAt.input}>Ends</Label>
              <Input {...inputProps("endsAt")} {...form.register("endsAt")} type={allDay ? "date" : "datetime-local"} />
              <FieldError id={ids.endsAt.error}>{errors.endsAt?.message}</FieldError>
            </Field>
          </div>
          <Field className="content-start">
            <Label htmlFor={ids.location.input}>Location</Label>
            <Input
              {...inputProps("location")}
              {...form.register("location")}
              maxLength={FIELD_LIMITS.eventLocation}
              placeholder="Office, address or call link"
            />
            <FieldError id={ids.location.error}>{errors.location?.message}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.contactIds.input}>Contacts</Label>
            <Controller
              control={form.control}
              name="contactIds"
              render={({ field }) => {
                field.ref(focusById(ids.contactIds.input));
                return <ContactsMultiSelect {...inputProps("contactIds")} value={field.value} onChange={field.onChange} />;
              }}
            />
            <FieldError id={ids.contactIds.error}>{errors.contactIds?.message}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.reminderMinutes.input}>Reminder</Label>
            <Controller
              control={form.control}
              name="reminderMinutes"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger {...inputProps("reminderMinutes")} ref={field.ref} className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {REMINDERS.concat(
                      REMINDERS.some((r) => r.value === field.value)
                        ? []
                        : [{ value: field.value, label: `${countText(Number(field.value), "minute")} before` }],
                    ).map((r) => (
                      <SelectItem key={r.value} value={r.value}>
                        {r.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
            <FieldError id={ids.reminderMinutes.error}>{errors.reminderMinutes?.message}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.description.input}>Description</Label>
            <Textarea
              {...inputProps("description")}
              {...form.register("description")}
              rows={3}
              maxLength={FIELD_LIMITS.eventDescription}
            />
            {errors.description ? (
              <FieldError id={ids.description.error}>{errors.description.message}</FieldError>
            ) : (
              <FieldDescription>Ctrl+Enter saves.</FieldDescription>
            )}
          </Field>
          <DialogFooter className="gap-2 sm:justify-between">
            {event ? (
              <Button
                type="button"
                variant="ghost"
                className="text-destructive hover:text-destructive"
                onClick={() => setConfirmDelete(true)}
                disabled={pending}
              >
                <Trash2Icon aria-hidden="true" />
                Delete
              </Button>
            ) : (
              <span />
            )}
            <div className="flex flex-col-reverse gap-2 sm:flex-row">
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={pending}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? <Spinner aria-hidden="true" /> : null}
                {event ? "Save changes" : "Create event"}
              </Button>
            </div>
          </DialogFooter>
        </form>
        {event ? (
          <ConfirmDialog
            open={confirmDelete}
            onOpenChange={setConfirmDelete}
            title={`Delete “${event.title}”?`}
            description="The event is removed from your calendar. This cannot be undone."
            confirmLabel="Delete event"
            onConfirm={async () => {
              try {
                await remove.mutateAsync({ id: event.id });
              } catch (error) {
                toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not delete the event."));
                throw error;
              }
              await utils.calendar.list.invalidate();
              toast.success(`Event “${event.title}” deleted.`);
              onOpenChange(false);
            }}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
