"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData } from "@tanstack/react-query";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { createReminderInput, localDateTime, type ReminderChannel, type ReminderKind } from "~/server/reminders/schemas";
import { api } from "~/trpc/react";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/ui/button";
import { Checkbox } from "~/components/ui/checkbox";
import { Combobox } from "~/components/ui/combobox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Spinner } from "~/components/ui/spinner";
import { Switch } from "~/components/ui/switch";
import { Textarea } from "~/components/ui/textarea";
import { ContactsMultiSelect, type PickedContact } from "~/components/shared/contacts-multi-select";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors, type FieldRoute } from "~/components/shared/form-errors";
import { focusById, parsedField } from "~/components/shared/form-schema";
import { useContactSearch } from "~/hooks/use-contact-search";
import { useDebouncedValue } from "~/hooks/use-debounced-value";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import { RecurrenceBuilder } from "./recurrence-builder";
import { SchedulePreview } from "./schedule-preview";
import { fromRrule, toRrule, type Recurrence } from "./recurrence";
import {
  CHANNEL_LABELS,
  CREATABLE_KINDS,
  KIND_LABELS,
  LANGUAGES,
  languageLabel,
  timeZoneOptions,
} from "./reminder-meta";

/** The reminder as the dialog edits it (reminders.get's shape). */
export interface EditableReminder {
  id: string;
  kind: ReminderKind;
  title: string;
  message: string;
  language: string;
  contact: { id: string; name: string } | null;
  timeZone: string;
  startsAtLocal: string;
  rrule: string | null;
  channels: ReminderChannel[];
  requireConfirmation: boolean;
  leaveVoicemail: boolean;
  conversational: boolean;
  maxAttempts: number;
  retrySpacingMinutes: number;
  keepInTouchDays: number | null;
  escalationContacts: Array<{ id: string; name: string }>;
}

export interface ReminderDefaults {
  /** The person reminded (a contact page's "New reminder"). */
  contact?: PickedContact | null;
}

const ME = "__me__";
const pickedContact = z.object({ id: z.string(), label: z.string() });

/** The server's reminder fields; escalation contacts are picked as {id, label} and sent as ids. */
const reminderForm = createReminderInput.extend({
  escalationContactIds: parsedField(
    z.array(pickedContact),
    (list) => list.map((c) => c.id),
    createReminderInput.shape.escalationContactIds,
  ),
});
type Values = z.input<typeof reminderForm>;
type Output = z.output<typeof reminderForm>;

const FIELDS = [
  "kind",
  "title",
  "message",
  "contactId",
  "language",
  "timeZone",
  "startsAtLocal",
  "rrule",
  "channels",
  "requireConfirmation",
  "leaveVoicemail",
  "conversational",
  "maxAttempts",
  "retrySpacingMinutes",
  "escalationContactIds",
] as const;
type FieldName = (typeof FIELDS)[number];
const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "reminder")])) as Record<FieldName, ReturnType<typeof fieldIds>>;

/** A server message about a list entry ("escalationContactIds.2", "channels.0") belongs to the list's field. */
const routeField: FieldRoute<FieldName> = (key, message) => {
  const head = key.split(".")[0] as FieldName;
  return (FIELDS as readonly string[]).includes(head) ? { field: head, message } : null;
};

const ATTEMPT_OPTIONS = Array.from({ length: 10 }, (_, i) => i + 1);
const SPACING_OPTIONS = [5, 10, 15, 20, 30, 45, 60, 90, 120];

/** Tomorrow at 9 AM in `timeZone`, as the form's wall-clock value: a sensible first time for a new reminder. */
function tomorrowMorning(timeZone: string): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [y, m, d] = today.split("-").map(Number);
  const next = new Date(Date.UTC(y!, m! - 1, d! + 1));
  return `${next.toISOString().slice(0, 10)}T09:00`;
}

function initialValues(reminder: EditableReminder | null, defaults: ReminderDefaults, userTimeZone: string): Values {
  if (reminder) {
    return {
      kind: reminder.kind,
      title: reminder.title,
      message: reminder.message,
      language: reminder.language,
      contactId: reminder.contact?.id ?? null,
      timeZone: reminder.timeZone,
      startsAtLocal: reminder.startsAtLocal,
      rrule: reminder.rrule,
      channels: reminder.channels,
      requireConfirmation: reminder.requireConfirmation,
      leaveVoicemail: reminder.leaveVoicemail,
      conversational: reminder.conversational,
      maxAttempts: reminder.maxAttempts,
      retrySpacingMinutes: reminder.retrySpacingMinutes,
      escalationContactIds: reminder.escalationContacts.map((c) => ({ id: c.id, label: c.name })),
      keepInTouchDays: reminder.keepInTouchDays,
    };
  }
  return {
    kind: "medication",
    title: "",
    message: "",
    language: "en-US",
    contactId: defaults.contact?.id ?? null,
    timeZone: userTimeZone,
    startsAtLocal: tomorrowMorning(userTimeZone),
    rrule: "FREQ=DAILY",
    channels: ["call"],
    requireConfirmation: true,
    leaveVoicemail: false,
    conversational: false,
    maxAttempts: 3,
    retrySpacingMinutes: 10,
    escalationContactIds: [],
    keepInTouchDays: null,
  };
}

export function ReminderDialog({
  open,
  onOpenChange,
  userTimeZone,
  reminder,
  defaults = {},
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** A new reminder's zone (the person's own can be chosen). */
  userTimeZone: string;
  /** The reminder to edit; null creates one. */
  reminder: EditableReminder | null;
  defaults?: ReminderDefaults;
  onSaved?: (reminder: { id: string; title: string }) => void;
}) {
  const utils = api.useUtils();
  const initial = React.useMemo(() => initialValues(reminder, defaults, userTimeZone), [reminder, defaults, userTimeZone]);
  const form = useForm<Values, unknown, Output>({ resolver: zodResolver(reminderForm), defaultValues: initial });
  const { errors } = form.formState;
  const [timeZone, startsAtLocal, channels, rrule] = useWatch({
    control: form.control,
    name: ["timeZone", "startsAtLocal", "channels", "rrule"],
  });
  const [recurrence, setRecurrence] = React.useState<Recurrence>(() =>
    fromRrule(initial.rrule, initial.startsAtLocal, initial.timeZone),
  );
  const [contactName, setContactName] = React.useState(() => reminder?.contact?.name ?? defaults.contact?.label ?? undefined);
  const contacts = useContactSearch(open);
  const zones = React.useMemo(() => timeZoneOptions(userTimeZone, initial.timeZone), [userTimeZone, initial.timeZone]);
  const languages = LANGUAGES.includes(initial.language ?? "en-US") ? LANGUAGES : [initial.language!, ...LANGUAGES];
  const kinds = CREATABLE_KINDS.includes(initial.kind) ? CREATABLE_KINDS : [initial.kind, ...CREATABLE_KINDS];
  const hotkeyRef = useSubmitHotkey();

  // The builder writes the rule; an end date is placed in the reminder's zone, so a new zone rewrites it.
  React.useEffect(() => {
    const next = toRrule(recurrence, timeZone || userTimeZone);
    if (next !== form.getValues("rrule")) form.setValue("rrule", next, { shouldDirty: true });
  }, [recurrence, timeZone, userTimeZone, form]);

  // Debounced as text: an equal value settles (a fresh object each render would restart the wait forever).
  const previewKey = useDebouncedValue(JSON.stringify({ timeZone, startsAtLocal, rrule }), 400);
  const previewInput = React.useMemo(
    () => JSON.parse(previewKey) as { timeZone: string; startsAtLocal: string; rrule: string | null },
    [previewKey],
  );
  const previewable = localDateTime.safeParse(previewInput.startsAtLocal).success && !!previewInput.timeZone;
  const preview = api.reminders.preview.useQuery(
    { timeZone: previewInput.timeZone, startsAtLocal: previewInput.startsAtLocal, rrule: previewInput.rrule, count: 5 },
    { enabled: open && previewable, retry: false, placeholderData: keepPreviousData, staleTime: 60_000 },
  );

  const onError = (error: Parameters<typeof setServerErrors>[1]) => setServerErrors(form, error, routeField);
  const finish = async (saved: { id: string; title: string }, message: string) => {
    await utils.reminders.invalidate();
    toast.success(message);
    onSaved?.(saved);
    onOpenChange(false);
  };
  const create = api.reminders.create.useMutation({ onError, onSuccess: (r) => finish(r, `Reminder “${r.title}” created.`) });
  const update = api.reminders.update.useMutation({ onError, onSuccess: (r) => finish(r, `Reminder “${r.title}” saved.`) });
  const pending = create.isPending || update.isPending;

  const onSubmit = form.handleSubmit((values) => {
    if (pending) return;
    if (reminder) update.mutate({ id: reminder.id, ...values });
    else create.mutate(values);
  });

  function inputProps(field: FieldName, description?: string) {
    const error = errors[field]?.message;
    return {
      id: ids[field].input,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error ? ids[field].error : description),
    } as const;
  }
  const calls = (channels ?? []).includes("call");

  return (
    <Dialog open={open} onOpenChange={(next) => (!pending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{reminder ? "Edit reminder" : "New reminder"}</DialogTitle>
          <DialogDescription>Who is reminded of what, when, and how; what happens when nobody answers.</DialogDescription>
        </DialogHeader>
        <form ref={hotkeyRef} onSubmit={onSubmit} noValidate className="grid gap-5" aria-busy={pending || undefined}>
          <FormError message={errors.root?.server?.message} />

          <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
            <Field className="content-start">
              <Label htmlFor={ids.kind.input}>Kind</Label>
              <Controller
                control={form.control}
                name="kind"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger {...inputProps("kind")} ref={field.ref} className="w-full">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {kinds.map((kind) => (
                        <SelectItem key={kind} value={kind}>
                          {KIND_LABELS[kind]}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
              <FieldError id={ids.kind.error}>{errors.kind?.message}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.title.input}>Title</Label>
              <Input
                {...inputProps("title")}
                {...form.register("title")}
                autoFocus
                required
                maxLength={FIELD_LIMITS.reminderTitle}
                placeholder="Evening medication"
              />
              <FieldError id={ids.title.error}>{errors.title?.message}</FieldError>
            </Field>
          </div>

          <Field className="content-start">
            <Label htmlFor={ids.message.input}>Message</Label>
            <Textarea
              {...inputProps("message", ids.message.description)}
              {...form.register("message")}
              rows={3}
              maxLength={FIELD_LIMITS.reminderMessage}
              placeholder="Hi Mom, it's time for your evening pills."
            />
            {errors.message ? (
              <FieldError id={ids.message.error}>{errors.message.message}</FieldError>
            ) : (
              <FieldDescription id={ids.message.description}>Spoken on the call, sent as the text.</FieldDescription>
            )}
          </Field>

          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.contactId.input}>Who is reminded</Label>
              <Controller
                control={form.control}
                name="contactId"
                render={({ field }) => {
                  field.ref(focusById(ids.contactId.input));
                  return (
                    <Combobox
                      {...inputProps("contactId")}
                      value={field.value ?? ME}
                      valueLabel={field.value ? contactName : "Me"}
                      onChange={(value) => {
                        if (!value || value === ME) {
                          field.onChange(null);
                          return;
                        }
                        const option = contacts.options.find((o) => o.value === value);
                        setContactName(option?.label ?? contactName ?? value);
                        field.onChange(value);
                      }}
                      options={[{ value: ME, label: "Me", description: "Your own phone" }, ...contacts.options]}
                      onSearchChange={contacts.setSearch}
                      loading={contacts.loading}
                      placeholder="Me"
                      searchPlaceholder="Search contacts…"
                      emptyText="No contacts found."
                    />
                  );
                }}
              />
              <FieldError id={ids.contactId.error}>{errors.contactId?.message}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.language.input}>Language</Label>
              <Controller
                control={form.control}
                name="language"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger {...inputProps("language")} ref={field.ref} className="w-full">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {languages.map((tag) => (
                        <SelectItem key={tag} value={tag}>
                          {languageLabel(tag)}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
              <FieldError id={ids.language.error}>{errors.language?.message}</FieldError>
            </Field>
          </div>

          <fieldset className="grid gap-4 rounded-lg border p-4">
            <legend className="px-1 text-sm font-medium">When</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field className="content-start">
                <Label htmlFor={ids.startsAtLocal.input}>Starts</Label>
                <Input {...inputProps("startsAtLocal")} {...form.register("startsAtLocal")} type="datetime-local" step={60} />
                <FieldError id={ids.startsAtLocal.error}>{errors.startsAtLocal?.message}</FieldError>
              </Field>
              <Field className="content-start">
                <Label htmlFor={ids.timeZone.input}>Time zone</Label>
                <Controller
                  control={form.control}
                  name="timeZone"
                  render={({ field }) => {
                    field.ref(focusById(ids.timeZone.input));
                    return (
                      <Combobox
                        {...inputProps("timeZone", ids.timeZone.description)}
                        value={field.value}
                        onChange={(value) => value && field.onChange(value)}
                        options={zones}
                        placeholder="Choose a time zone"
                        searchPlaceholder="Search time zones…"
                        emptyText="No time zone found."
                      />
                    );
                  }}
                />
                {errors.timeZone ? (
                  <FieldError id={ids.timeZone.error}>{errors.timeZone.message}</FieldError>
                ) : (
                  <FieldDescription id={ids.timeZone.description}>The reminded person’s clock.</FieldDescription>
                )}
              </Field>
            </div>
            <Field className="content-start">
              <Label htmlFor={ids.rrule.input}>Repeats</Label>
              <RecurrenceBuilder
                id={ids.rrule.input}
                value={recurrence}
                onChange={setRecurrence}
                startsAtLocal={startsAtLocal ?? ""}
                invalid={!!errors.rrule}
                describedBy={describedBy(errors.rrule ? ids.rrule.error : ids.rrule.description)}
              />
              <FieldError id={ids.rrule.error}>{errors.rrule?.message}</FieldError>
              <SchedulePreview
                id={ids.rrule.description}
                timeZone={previewInput.timeZone}
                data={previewable ? preview.data : undefined}
                error={previewable ? preview.error : null}
                loading={previewable && preview.isFetching}
                rrule={rrule ?? null}
              />
            </Field>
          </fieldset>

          <fieldset className="grid gap-4 rounded-lg border p-4">
            <legend className="px-1 text-sm font-medium">How</legend>
            <Field className="content-start">
              <span id={ids.channels.input} tabIndex={-1} className="text-sm leading-none font-medium">
                Channels
              </span>
              <Controller
                control={form.control}
                name="channels"
                render={({ field }) => (
                  <div
                    role="group"
                    aria-labelledby={ids.channels.input}
                    aria-describedby={describedBy(errors.channels && ids.channels.error)}
                    className="flex flex-wrap gap-x-6 gap-y-2"
                  >
                    {(Object.keys(CHANNEL_LABELS) as ReminderChannel[]).map((channel) => {
                      const checked = (field.value ?? []).includes(channel);
                      return (
                        <div key={channel} className="flex items-center gap-2">
                          <Checkbox
                            id={`${ids.channels.input}-${channel}`}
                            checked={checked}
                            onCheckedChange={(on) =>
                              field.onChange(
                                on === true
                                  ? [...(field.value ?? []), channel]
                                  : (field.value ?? []).filter((c) => c !== channel),
                              )
                            }
                          />
                          <Label htmlFor={`${ids.channels.input}-${channel}`} className="font-normal">
                            {CHANNEL_LABELS[channel]}
                          </Label>
                        </div>
                      );
                    })}
                  </div>
                )}
              />
              <FieldError id={ids.channels.error}>{errors.channels?.message}</FieldError>
            </Field>
            <div className="grid gap-3 sm:grid-cols-2">
              <SwitchField
                form={form}
                name="requireConfirmation"
                label="Ask to press 1 to confirm"
                description="A call answered without it counts as unconfirmed."
                disabled={!calls}
              />
              <SwitchField
                form={form}
                name="leaveVoicemail"
                label="Leave a voicemail"
                description="On an answering machine; else it counts as no answer."
                disabled={!calls}
              />
              <SwitchField
                form={form}
                name="conversational"
                label="Talk with the voice agent"
                description="It says the message, answers questions about it and takes a spoken yes. Needs the Deepgram, Anthropic and ElevenLabs keys; without them the call asks for 1."
                disabled={!calls}
              />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <NumberSelect form={form} name="maxAttempts" label="Attempts" options={ATTEMPT_OPTIONS} unit={(n) => (n === 1 ? "1 attempt" : `${n} attempts`)} />
              <NumberSelect form={form} name="retrySpacingMinutes" label="Between attempts" options={SPACING_OPTIONS} unit={(n) => `${n} minutes`} />
            </div>
          </fieldset>

          <Field className="content-start">
            <Label htmlFor={ids.escalationContactIds.input}>If nobody confirms, tell</Label>
            <Controller
              control={form.control}
              name="escalationContactIds"
              render={({ field }) => {
                field.ref(focusById(ids.escalationContactIds.input));
                return (
                  <ContactsMultiSelect
                    {...inputProps("escalationContactIds", ids.escalationContactIds.description)}
                    value={field.value as PickedContact[]}
                    onChange={field.onChange}
                  />
                );
              }}
            />
            {errors.escalationContactIds ? (
              <FieldError id={ids.escalationContactIds.error}>{errors.escalationContactIds.message}</FieldError>
            ) : (
              <FieldDescription id={ids.escalationContactIds.description}>
                Up to three people, texted after the last failed attempt, with an in-app notice to you.
              </FieldDescription>
            )}
          </Field>

          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner aria-hidden="true" /> : null}
              {reminder ? "Save changes" : "Create reminder"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

type Form = ReturnType<typeof useForm<Values, unknown, Output>>;

function SwitchField({
  form,
  name,
  label,
  description,
  disabled,
}: {
  form: Form;
  name: "requireConfirmation" | "leaveVoicemail" | "conversational";
  label: string;
  description: string;
  disabled: boolean;
}) {
  const error = form.formState.errors[name]?.message;
  return (
    <div className="flex items-start gap-3">
      <Controller
        control={form.control}
        name={name}
        render={({ field }) => (
          <Switch
            id={ids[name].input}
            ref={field.ref}
            checked={!!field.value}
            onCheckedChange={field.onChange}
            disabled={disabled}
            aria-describedby={describedBy(error ? ids[name].error : ids[name].description)}
          />
        )}
      />
      <div className="grid gap-1">
        <Label htmlFor={ids[name].input}>{label}</Label>
        {error ? (
          <FieldError id={ids[name].error}>{error}</FieldError>
        ) : (
          <FieldDescription id={ids[name].description}>{disabled ? "For calls." : description}</FieldDescription>
        )}
      </div>
    </div>
  );
}

function NumberSelect({
  form,
  name,
  label,
  options,
  unit,
}: {
  form: Form;
  name: "maxAttempts" | "retrySpacingMinutes";
  label: string;
  options: number[];
  unit: (n: number) => string;
}) {
  const error = form.formState.errors[name]?.message;
  return (
    <Field className="content-start">
      <Label htmlFor={ids[name].input}>{label}</Label>
      <Controller
        control={form.control}
        name={name}
        render={({ field }) => {
          const value = Number(field.value);
          const list = options.includes(value) ? options : [...options, value].sort((a, b) => a - b);
          return (
            <Select value={String(value)} onValueChange={(v) => field.onChange(Number(v))}>
              <SelectTrigger
                id={ids[name].input}
                ref={field.ref}
                className="w-full"
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(error && ids[name].error)}
              >
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {list.map((n) => (
                  <SelectItem key={n} value={String(n)}>
                    {unit(n)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          );
        }}
      />
      <FieldError id={ids[name].error}>{error}</FieldError>
    </Field>
  );
}
