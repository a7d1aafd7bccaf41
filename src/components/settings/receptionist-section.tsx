"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { BotIcon, PhoneIcon, PlusIcon, Trash2Icon, TriangleAlertIcon, Volume2Icon } from "lucide-react";
import { Controller, useFieldArray, useForm, useWatch, type Control, type FieldErrors, type UseFormReturn } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { api, type RouterOutputs } from "~/trpc/react";
import {
  ANSWER_AFTER_SECONDS,
  MAX_INTERVALS_PER_DAY,
  RECEPTIONIST_MODES,
  WEEKDAY_NAMES,
  WEEKDAYS,
  receptionistSettingsInput,
  type ReceptionistModeName,
  type Weekday,
} from "~/server/phone-numbers/schemas";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Alert, AlertDescription, AlertTitle } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Spinner } from "~/components/ui/spinner";
import { Textarea } from "~/components/ui/textarea";
import { useHydrated } from "~/components/use-hydrated";
import { EmptyState } from "~/components/shared/empty-state";
import { FormError } from "~/components/shared/form-error";
import { errorMessage, setServerErrors } from "~/components/shared/form-errors";
import { focusById } from "~/components/shared/form-schema";
import { SettingsCard } from "./settings-card";

type Overview = RouterOutputs["phoneNumbers"]["receptionistSettings"];
type NumberSettings = Overview["numbers"][number];

const MODE_LABELS: Record<ReceptionistModeName, string> = {
  off: "Off: forward to my phone, then voicemail",
  always: "Always",
  no_answer: "When I don't answer within a few seconds",
  after_hours: "Outside business hours",
};

/** The form's values: text as typed, every weekday with its rows. */
const hoursForm = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(z.object({ start: z.string(), end: z.string() }))])) as Record<
    Weekday,
    z.ZodArray<z.ZodObject<{ start: z.ZodString; end: z.ZodString }>>
  >,
);

/**
 * The form as the server's input, checked by the server's own schema (the browser says what the
 * server would: "Business hours: Monday 18:00–09:00 ends before it starts…"). A week with no
 * hours at all is sent as none.
 */
const receptionistForm = z
  .object({
    receptionistMode: z.enum(RECEPTIONIST_MODES),
    receptionistAnswerAfterSeconds: z.number(),
    businessHours: hoursForm,
    businessName: z.string(),
    receptionistInstructions: z.string(),
    greetingText: z.string(),
    voicemailPromptText: z.string(),
  })
  .transform((v): z.input<typeof receptionistSettingsInput> => ({
    ...v,
    businessHours: WEEKDAYS.some((d) => v.businessHours[d].length > 0) ? v.businessHours : null,
  }))
  .pipe(receptionistSettingsInput);
type Values = z.input<typeof receptionistForm>;
type Output = z.output<typeof receptionistForm>;

const FIELDS = [
  "receptionistMode",
  "receptionistAnswerAfterSeconds",
  "businessHours",
  "businessName",
  "receptionistInstructions",
  "greetingText",
  "voicemailPromptText",
] as const;
type FieldName = (typeof FIELDS)[number];

function valuesOf(n: NumberSettings): Values {
  return {
    receptionistMode: n.receptionistMode,
    receptionistAnswerAfterSeconds: n.receptionistAnswerAfterSeconds,
    businessHours: Object.fromEntries(WEEKDAYS.map((d) => [d, (n.businessHours?.[d] ?? []).map((i) => ({ ...i }))])) as Values["businessHours"],
    businessName: n.businessName ?? "",
    receptionistInstructions: n.receptionistInstructions ?? "",
    greetingText: n.greetingText ?? "",
    voicemailPromptText: n.voicemailPromptText ?? "",
  };
}

/**
 * Settings → Receptionist: per number, when the voice agent answers, what it knows, and what
 * callers hear. Without the agent's keys the mode stays Off (the notice names what is missing),
 * while the greeting and voicemail prompt still apply to forwarded calls.
 */
export function ReceptionistSection({ initial }: { initial: Overview }) {
  const overview = api.phoneNumbers.receptionistSettings.useQuery(undefined, { initialData: initial }).data;
  const { numbers, missingKeys } = overview;

  return (
    <SettingsCard
      id="receptionist"
      title="Receptionist"
      description="A voice assistant that answers calls to your number, always, when you don't pick up, or outside your business hours. It greets callers, answers from your instructions and takes messages."
    >
      <div className="space-y-6">
        {missingKeys.length > 0 ? (
          <Alert>
            <TriangleAlertIcon />
            <AlertTitle>The receptionist cannot be turned on yet</AlertTitle>
            <AlertDescription>
              <p>
                It needs{" "}
                {missingKeys.map((k, i) => (
                  <React.Fragment key={k}>
                    {i > 0 ? (i === missingKeys.length - 1 ? " and " : ", ") : null}
                    <code className="font-mono text-xs">{k}</code>
                  </React.Fragment>
                ))}{" "}
                in the server&apos;s environment (then restart Switchboard). Until then calls are forwarded and go to voicemail as
                usual; the greeting and voicemail prompt below still apply.
              </p>
            </AlertDescription>
          </Alert>
        ) : null}
        {numbers.length === 0 ? (
          <EmptyState icon={PhoneIcon}>No number is assigned to you yet. Ask the owner to assign a number.</EmptyState>
        ) : (
          numbers.map((n) => <ReceptionistForm key={n.id} number={n} overview={overview} />)
        )}
      </div>
    </SettingsCard>
  );
}

function ReceptionistForm({ number, overview }: { number: NumberSettings; overview: Overview }) {
  const formatPhone = usePhoneFormat();
  const utils = api.useUtils();
  const hydrated = useHydrated();
  const prefix = `receptionist-${number.id}`;
  const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, prefix)])) as Record<FieldName, ReturnType<typeof fieldIds>>;
  const form = useForm<Values, unknown, z.output<typeof receptionistForm>>({
    resolver: zodResolver(receptionistForm),
    defaultValues: valuesOf(number),
  });
  const { errors } = form.formState;
  const mode = useWatch({ control: form.control, name: "receptionistMode" });
  const businessName = useWatch({ control: form.control, name: "businessName" });
  const instructions = useWatch({ control: form.control, name: "receptionistInstructions" });
  const phone = formatPhone(number.e164);
  const keysMissing = overview.missingKeys.length > 0;

  const update = api.phoneNumbers.updateReceptionist.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async (saved) => {
      form.reset(valuesOf(saved));
      await utils.phoneNumbers.receptionistSettings.invalidate();
      toast.success(`Receptionist settings saved for ${phone}.`);
    },
  });
  const onSubmit = form.handleSubmit((values) => {
    if (!update.isPending) update.mutate({ id: number.id, ...values });
  });

  const error = (field: Exclude<FieldName, "businessHours">) => errors[field]?.message;
  const inputProps = (field: Exclude<FieldName, "businessHours">, description?: string) =>
    ({
      id: ids[field].input,
      "aria-invalid": error(field) ? true : undefined,
      "aria-describedby": describedBy(error(field) && ids[field].error, description),
    }) as const;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-5 rounded-lg border p-4"
      aria-labelledby={`${prefix}-title`}
      aria-busy={update.isPending || undefined}
    >
      <h3 id={`${prefix}-title`} className="flex flex-wrap items-center gap-2 font-medium">
        <BotIcon className="text-muted-foreground size-4" aria-hidden="true" />
        <span className="tabular-nums">{phone}</span>
        {number.label ? <span className="text-muted-foreground text-sm font-normal">{number.label}</span> : null}
      </h3>
      <FormError message={errors.root?.server?.message} />

      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Field className="content-start gap-1.5">
          <Label htmlFor={ids.receptionistMode.input}>Answer calls</Label>
          <Controller
            control={form.control}
            name="receptionistMode"
            render={({ field }) => {
              field.ref(focusById(ids.receptionistMode.input));
              return (
                <Select value={field.value} onValueChange={field.onChange} disabled={!hydrated}>
                  <SelectTrigger {...inputProps("receptionistMode", keysMissing ? `${prefix}-keys` : undefined)} className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {RECEPTIONIST_MODES.map((m) => (
                      // Without the keys only Off can be chosen (a mode saved earlier stays as it is).
                      <SelectItem key={m} value={m} disabled={keysMissing && m !== "off" && m !== number.receptionistMode}>
                        {MODE_LABELS[m]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              );
            }}
          />
          {keysMissing ? (
            <FieldDescription id={`${prefix}-keys`}>
              Off until {overview.missingKeys.join(", ")} {overview.missingKeys.length === 1 ? "is" : "are"} set.
            </FieldDescription>
          ) : null}
          <FieldError id={ids.receptionistMode.error}>{error("receptionistMode")}</FieldError>
        </Field>
        {mode === "no_answer" || errors.receptionistAnswerAfterSeconds ? (
          <Field className="content-start gap-1.5">
            <Label htmlFor={ids.receptionistAnswerAfterSeconds.input}>Seconds before it answers</Label>
            <Input
              {...inputProps("receptionistAnswerAfterSeconds", ids.receptionistAnswerAfterSeconds.description)}
              type="number"
              inputMode="numeric"
              min={ANSWER_AFTER_SECONDS.min}
              max={ANSWER_AFTER_SECONDS.max}
              step={1}
              readOnly={!hydrated}
              {...form.register("receptionistAnswerAfterSeconds", { valueAsNumber: true })}
            />
            <FieldDescription id={ids.receptionistAnswerAfterSeconds.description}>
              Your phone rings this long first ({ANSWER_AFTER_SECONDS.min}–{ANSWER_AFTER_SECONDS.max}).
            </FieldDescription>
            <FieldError id={ids.receptionistAnswerAfterSeconds.error}>{error("receptionistAnswerAfterSeconds")}</FieldError>
          </Field>
        ) : null}
      </div>

      {mode === "after_hours" || errors.businessHours ? (
        <BusinessHoursEditor
          control={form.control}
          errors={errors.businessHours}
          prefix={prefix}
          timeZone={overview.timeZone}
          disabled={!hydrated}
        />
      ) : null}

      <Field className="gap-1.5">
        <Label htmlFor={ids.businessName.input}>Business name</Label>
        <Input {...inputProps("businessName")} maxLength={FIELD_LIMITS.businessName} readOnly={!hydrated} {...form.register("businessName")} />
        <FieldError id={ids.businessName.error}>{error("businessName")}</FieldError>
      </Field>

      <Field className="gap-1.5">
        <Label htmlFor={ids.receptionistInstructions.input}>Instructions</Label>
        <Textarea
          {...inputProps("receptionistInstructions", ids.receptionistInstructions.description)}
          rows={6}
          className="max-h-96"
          maxLength={FIELD_LIMITS.receptionistInstructions}
          placeholder="What you do, your hours and prices, what to ask callers, when to take a message…"
          readOnly={!hydrated}
          {...form.register("receptionistInstructions")}
        />
        <FieldDescription id={ids.receptionistInstructions.description} className="flex justify-between gap-2">
          <span>What the receptionist knows about your business and how it should answer.</span>
          <span className="tabular-nums">
            {instructions.length.toLocaleString("en-US")} / {FIELD_LIMITS.receptionistInstructions.toLocaleString("en-US")}
          </span>
        </FieldDescription>
        <FieldError id={ids.receptionistInstructions.error}>{error("receptionistInstructions")}</FieldError>
      </Field>

      <SpokenTextField
        form={form}
        field="greetingText"
        label="Greeting"
        description="What callers hear first. Blank: the built-in greeting shown. {name} is your business name (or your name)."
        defaultText={overview.defaults.greeting}
        ids={ids.greetingText}
        numberId={number.id}
        businessName={businessName}
        overview={overview}
        disabled={!hydrated}
      />
      <SpokenTextField
        form={form}
        field="voicemailPromptText"
        label="Voicemail prompt"
        description="What callers hear before leaving a message when nobody answers. Blank: the built-in prompt shown."
        defaultText={overview.defaults.voicemailPrompt}
        ids={ids.voicemailPromptText}
        numberId={number.id}
        businessName={businessName}
        overview={overview}
        disabled={!hydrated}
      />

      <div>
        <Button type="submit" disabled={update.isPending || !hydrated}>
          {update.isPending ? <Spinner aria-hidden /> : null}
          Save receptionist
        </Button>
      </div>
    </form>
  );
}

type HoursErrors = FieldErrors<Values>["businessHours"];

/** The message zod or the server put on the hours as a whole, or on one day (a field array: its root). */
function messageOf(error: unknown): string | undefined {
  const e = error as { message?: unknown; root?: { message?: unknown } } | undefined;
  const m = e?.message ?? e?.root?.message;
  return typeof m === "string" ? m : undefined;
}

function BusinessHoursEditor({
  control,
  errors,
  prefix,
  timeZone,
  disabled,
}: {
  control: Control<Values, unknown, Output>;
  errors: HoursErrors;
  prefix: string;
  timeZone: string;
  disabled: boolean;
}) {
  const id = `${prefix}-businessHours`;
  const whole = messageOf(errors);
  return (
    <fieldset className="space-y-2" aria-describedby={describedBy(`${id}-description`, whole && `${id}-error`)}>
      <legend className="text-sm font-medium">Business hours</legend>
      <p id={`${id}-description`} className="text-muted-foreground text-xs">
        Outside these hours the receptionist answers; inside them calls ring your phone as usual. Times are in your time zone ({timeZone}, set
        under Profile). For hours past midnight, end at 24:00 (00:00) and continue the next day.
      </p>
      <FieldError id={`${id}-error`}>{whole}</FieldError>
      <ul className="divide-y rounded-md border">
        {WEEKDAYS.map((day) => (
          <DayRow
            key={day}
            day={day}
            control={control}
            error={messageOf((errors as Record<string, unknown> | undefined)?.[day])}
            prefix={id}
            disabled={disabled}
          />
        ))}
      </ul>
    </fieldset>
  );
}

function DayRow({ day, control, error, prefix, disabled }: { day: Weekday; control: Control<Values, unknown, Output>; error?: string; prefix: string; disabled: boolean }) {
  const { fields, append, remove } = useFieldArray({ control, name: `businessHours.${day}` });
  const name = WEEKDAY_NAMES[day];
  const errorId = `${prefix}-${day}-error`;
  const addRef = React.useRef<HTMLButtonElement>(null);
  const rows = useWatch({ control, name: `businessHours.${day}` });

  const add = () => {
    const last = rows?.at(-1);
    append(last ? { start: last.end === "24:00" ? "23:00" : last.end, end: "24:00" } : { start: "09:00", end: "17:00" }, {
      focusName: `businessHours.${day}.${fields.length}.start`,
    });
  };

  return (
    <li className="grid gap-2 p-2 sm:grid-cols-[7rem_1fr] sm:items-start">
      <span className="pt-1.5 text-sm font-medium" id={`${prefix}-${day}`}>
        {name}
      </span>
      <div className="space-y-2">
        {fields.length === 0 ? <span className="text-muted-foreground mr-3 text-sm">Closed</span> : null}
        {fields.map((row, i) => (
          <div key={row.id} className="flex flex-wrap items-center gap-2">
            <Controller
              control={control}
              name={`businessHours.${day}.${i}.start`}
              render={({ field }) => (
                <Input
                  {...field}
                  type="time"
                  className="w-32"
                  aria-label={`${name} opens`}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy(error && errorId)}
                  readOnly={disabled}
                />
              )}
            />
            <span aria-hidden="true">–</span>
            <Controller
              control={control}
              name={`businessHours.${day}.${i}.end`}
              render={({ field }) => (
                <Input
                  {...field}
                  value={field.value === "24:00" ? "00:00" : field.value}
                  type="time"
                  className="w-32"
                  aria-label={`${name} closes`}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy(error && errorId)}
                  readOnly={disabled}
                />
              )}
            />
            <Button
              type="button"
              variant="ghost"
              size="icon"
              aria-label={`Remove ${name} hours ${i + 1}`}
              disabled={disabled}
              onClick={() => {
                remove(i);
                addRef.current?.focus();
              }}
            >
              <Trash2Icon aria-hidden="true" />
            </Button>
          </div>
        ))}
        {fields.length < MAX_INTERVALS_PER_DAY ? (
          <Button ref={addRef} type="button" variant="outline" size="sm" onClick={add} disabled={disabled} aria-label={`Add ${name} hours`}>
            <PlusIcon aria-hidden="true" />
            Add hours
          </Button>
        ) : null}
        <FieldError id={errorId}>{error}</FieldError>
      </div>
    </li>
  );
}

/** base64 → a blob: URL the page's Content-Security-Policy lets an <audio> play. */
function audioUrl(base64: string, contentType: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: contentType }));
}

function SpokenTextField({
  form,
  field,
  label,
  description,
  defaultText,
  ids,
  numberId,
  businessName,
  overview,
  disabled,
}: {
  form: UseFormReturn<Values, unknown, z.output<typeof receptionistForm>>;
  field: "greetingText" | "voicemailPromptText";
  label: string;
  description: string;
  defaultText: string;
  ids: ReturnType<typeof fieldIds>;
  numberId: string;
  businessName: string;
  overview: Overview;
  disabled: boolean;
}) {
  const text = useWatch({ control: form.control, name: field });
  const message = form.formState.errors[field]?.message;
  const [audio, setAudio] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);
  const audioRef = React.useRef<HTMLAudioElement>(null);
  React.useEffect(() => () => (audio ? URL.revokeObjectURL(audio) : undefined), [audio]);

  const preview = api.phoneNumbers.previewVoice.useMutation({
    onSuccess: (result) => {
      setNotice(null);
      setAudio(audioUrl(result.audio, result.contentType));
    },
    onError: (error) => setNotice(errorMessage(error, "Could not get the preview right now.")),
  });
  React.useEffect(() => {
    if (audio) void audioRef.current?.play().catch(() => undefined);
  }, [audio]);

  const spoken = text.trim() || defaultText;
  const listen = () => {
    if (overview.voice === "elevenlabs") {
      if (!preview.isPending) preview.mutate({ id: numberId, text: spoken, businessName: businessName.trim() || null });
      return;
    }
    // No ElevenLabs: callers hear Telnyx's own speech, which only the browser's voice can approximate.
    const name = businessName.trim() || overview.userName?.trim() || "us";
    if (typeof window === "undefined" || !("speechSynthesis" in window)) {
      setNotice("ELEVENLABS_API_KEY is not set and this browser cannot read text aloud: callers hear Telnyx's own text-to-speech.");
      return;
    }
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(spoken.replaceAll("{name}", name)));
    setNotice("Read by your browser's voice: without ELEVENLABS_API_KEY callers hear Telnyx's own text-to-speech, which sounds different.");
  };

  return (
    <Field className="gap-1.5">
      <div className="flex items-end justify-between gap-2">
        <Label htmlFor={ids.input}>{label}</Label>
        <Button type="button" variant="outline" size="sm" onClick={listen} disabled={disabled || preview.isPending}>
          {preview.isPending ? <Spinner aria-hidden /> : <Volume2Icon aria-hidden="true" />}
          Listen<span className="sr-only"> to the {label.toLowerCase()}</span>
        </Button>
      </div>
      <Textarea
        id={ids.input}
        rows={2}
        maxLength={FIELD_LIMITS.spokenPrompt}
        placeholder={defaultText}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy(message && ids.error, ids.description)}
        readOnly={disabled}
        {...form.register(field)}
      />
      <FieldDescription id={ids.description}>{description}</FieldDescription>
      <FieldError id={ids.error}>{message}</FieldError>
      {notice ? (
        <p className="text-muted-foreground text-xs" role="status">
          {notice}
        </p>
      ) : null}
      {audio ? <audio ref={audioRef} src={audio} controls className="h-9 w-full max-w-md" aria-label={`${label} preview`} /> : null}
    </Field>
  );
}
