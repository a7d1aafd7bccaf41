"use client";

import * as React from "react";
import { CircleAlertIcon, Trash2Icon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { addDaysIn, parseTime, toWallDate, toWallDateTime } from "~/lib/zoned-time";
import { Alert, AlertDescription } from "~/components/ui/alert";
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
import { contactLabel } from "~/components/shared/contact-label";
import { errorMessage, splitFormErrors } from "~/components/shared/form-errors";

export type CalendarEventItem = RouterOutputs["calendar"]["list"]["items"][number];

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

function initialState(timeZone: string, event: CalendarEventItem | null, defaults: EventDefaults) {
  if (event) {
    const lastDay = event.endsAt ? addDaysIn(event.endsAt, -1, timeZone) : event.startsAt;
    return {
      title: event.title,
      description: event.description ?? "",
      location: event.location ?? "",
      allDay: event.allDay,
      starts: event.allDay ? toWallDate(event.startsAt, timeZone) : toWallDateTime(event.startsAt, timeZone),
      ends: event.allDay
        ? toWallDate(lastDay, timeZone)
        : event.endsAt
          ? toWallDateTime(event.endsAt, timeZone)
          : "",
      reminder: event.reminderMinutes == null ? "none" : String(event.reminderMinutes),
      contacts: event.contacts.map((c) => ({ id: c.id, label: contactLabel(c) })),
    };
  }
  const allDay = defaults.allDay ?? false;
  const base = defaults.start ?? `${toWallDate(new Date(), timeZone)}T09:00`;
  const startTime = base.length === 10 ? `${base}T09:00` : base;
  return {
    title: "",
    description: "",
    location: "",
    allDay,
    starts: allDay ? base.slice(0, 10) : startTime,
    ends: allDay
      ? base.slice(0, 10)
      : toWallDateTime(new Date(parseTime(startTime, timeZone).getTime() + 3_600_000), timeZone),
    reminder: "none",
    contacts: defaults.contacts ?? [],
  };
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
  const [state, setState] = React.useState(() => initialState(timeZone, event, defaults));
  const [fieldErrors, setFieldErrors] = React.useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const formRef = React.useRef<HTMLFormElement>(null);

  const onError = (error: Parameters<typeof splitFormErrors>[0]) => {
    const { fieldErrors: next, formError: other } = splitFormErrors(error, FIELDS);
    setFieldErrors(next);
    setFormError(other);
    const first = FIELDS.find((f) => next[f]);
    if (first) requestAnimationFrame(() => document.getElementById(ids[first].input)?.focus());
  };
  const done = async (message: string) => {
    await utils.calendar.list.invalidate();
    toast.success(message);
    onOpenChange(false);
  };
  const create = api.calendar.create.useMutation({ onError, onSuccess: (e) => done(`Event “${e.title}” created.`) });
  const update = api.calendar.update.useMutation({ onError, onSuccess: (e) => done(`Event “${e.title}” saved.`) });
  const remove = api.calendar.delete.useMutation();
  const pending = create.isPending || update.isPending;

  function set<K extends keyof typeof state>(key: K, value: (typeof state)[K]) {
    setState((prev) => ({ ...prev, [key]: value }));
    const field = key === "starts" ? "startsAt" : key === "ends" ? "endsAt" : key === "reminder" ? "reminderMinutes" : key === "contacts" ? "contactIds" : key;
    if (fieldErrors[field as FieldName]) setFieldErrors((prev) => ({ ...prev, [field]: undefined }));
  }

  function setAllDay(allDay: boolean) {
    setState((prev) => {
      if (allDay) return { ...prev, allDay, starts: prev.starts.slice(0, 10), ends: (prev.ends || prev.starts).slice(0, 10) };
      const day = prev.starts.slice(0, 10);
      const endDay = (prev.ends || prev.starts).slice(0, 10);
      return { ...prev, allDay, starts: `${day}T09:00`, ends: `${endDay}T10:00` };
    });
    setFieldErrors((prev) => ({ ...prev, startsAt: undefined, endsAt: undefined }));
  }

  /** Moving the start keeps the event's length (when both ends are valid). */
  function setStarts(value: string) {
    setState((prev) => {
      let ends = prev.ends;
      try {
        if (prev.allDay) {
          if (value && prev.starts && prev.ends) {
            const days = Math.round((Date.parse(prev.ends) - Date.parse(prev.starts)) / 86_400_000);
            const next = new Date(Date.parse(value) + Math.max(days, 0) * 86_400_000);
            if (!Number.isNaN(next.getTime())) ends = next.toISOString().slice(0, 10);
          }
        } else if (value && prev.starts && prev.ends) {
          const length = parseTime(prev.ends, timeZone).getTime() - parseTime(prev.starts, timeZone).getTime();
          const next = new Date(parseTime(value, timeZone).getTime() + Math.max(length, 0));
          if (!Number.isNaN(next.getTime())) ends = toWallDateTime(next, timeZone);
        }
      } catch {
        // leave the end as it is
      }
      return { ...prev, starts: value, ends };
    });
    setFieldErrors((prev) => ({ ...prev, startsAt: undefined, endsAt: undefined }));
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setFormError(null);
    setFieldErrors({});
    const payload = {
      title: state.title,
      description: state.description || null,
      location: state.location || null,
      allDay: state.allDay,
      startsAt: state.starts,
      endsAt: state.ends || null,
      reminderMinutes: state.reminder === "none" ? null : Number(state.reminder),
      contactIds: state.contacts.map((c) => c.id),
    };
    if (event) update.mutate({ id: event.id, ...payload });
    else create.mutate(payload);
  }

  function inputProps(field: FieldName) {
    const error = fieldErrors[field];
    return {
      id: ids[field].input,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error && ids[field].error),
    } as const;
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (!pending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{event ? "Edit event" : "New event"}</DialogTitle>
          <DialogDescription>
            Times are in your time zone ({timeZone.replace(/_/g, " ")}).
          </DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending || undefined}>
          {formError ? (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <Field className="content-start">
            <Label htmlFor={ids.title.input}>Title</Label>
            <Input
              {...inputProps("title")}
              value={state.title}
              onChange={(e) => set("title", e.target.value)}
              autoFocus
              required
              maxLength={255}
              placeholder="Coffee with Ada"
            />
            <FieldError id={ids.title.error}>{fieldErrors.title}</FieldError>
          </Field>
          <div className="flex items-center gap-3">
            <Switch id={allDayId} checked={state.allDay} onCheckedChange={setAllDay} />
            <Label htmlFor={allDayId}>All day</Label>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.startsAt.input}>Starts</Label>
              <Input
                {...inputProps("startsAt")}
                type={state.allDay ? "date" : "datetime-local"}
                value={state.starts}
                onChange={(e) => setStarts(e.target.value)}
                required
              />
              <FieldError id={ids.startsAt.error}>{fieldErrors.startsAt}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.endsAt.input}>Ends</Label>
              <Input
                {...inputProps("endsAt")}
                type={state.allDay ? "date" : "datetime-local"}
                value={state.ends}
                onChange={(e) => set("ends", e.target.value)}
              />
              <FieldError id={ids.endsAt.error}>{fieldErrors.endsAt}</FieldError>
            </Field>
          </div>
          <Field className="content-start">
            <Label htmlFor={ids.location.input}>Location</Label>
            <Input
              {...inputProps("location")}
              value={state.location}
              onChange={(e) => set("location", e.target.value)}
              maxLength={500}
              placeholder="Office, address or call link"
            />
            <FieldError id={ids.location.error}>{fieldErrors.location}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.contactIds.input}>Contacts</Label>
            <ContactsMultiSelect
              {...inputProps("contactIds")}
              value={state.contacts}
              onChange={(contacts) => set("contacts", contacts)}
            />
            <FieldError id={ids.contactIds.error}>{fieldErrors.contactIds}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.reminderMinutes.input}>Reminder</Label>
            <Select value={state.reminder} onValueChange={(v) => set("reminder", v)}>
              <SelectTrigger {...inputProps("reminderMinutes")} className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {REMINDERS.concat(
                  REMINDERS.some((r) => r.value === state.reminder)
                    ? []
                    : [{ value: state.reminder, label: `${state.reminder} minutes before` }],
                ).map((r) => (
                  <SelectItem key={r.value} value={r.value}>
                    {r.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <FieldError id={ids.reminderMinutes.error}>{fieldErrors.reminderMinutes}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.description.input}>Description</Label>
            <Textarea
              {...inputProps("description")}
              value={state.description}
              onChange={(e) => set("description", e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  formRef.current?.requestSubmit();
                }
              }}
              rows={3}
              maxLength={5000}
            />
            {fieldErrors.description ? (
              <FieldError id={ids.description.error}>{fieldErrors.description}</FieldError>
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
