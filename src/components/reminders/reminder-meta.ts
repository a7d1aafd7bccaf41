import type { ComponentProps } from "react";

import type { Badge } from "~/components/ui/badge";
import type { OccurrenceState, ReminderChannel, ReminderKind } from "~/server/reminders/schemas";

/** Words and badge colours for the reminders' enums, one place for the page, the dialog, the dashboard and the calendar. */

type BadgeVariant = NonNullable<ComponentProps<typeof Badge>["variant"]>;

export const KIND_LABELS: Record<ReminderKind, string> = {
  medication: "Medication",
  appointment: "Appointment",
  follow_up: "Follow-up",
  custom: "Custom",
  keep_in_touch: "Keep in touch",
  important_date: "Important date",
};

/** The kinds a person creates in the dialog (keep-in-touch and important dates come from the contact). */
export const CREATABLE_KINDS: ReminderKind[] = ["medication", "appointment", "follow_up", "custom"];

export const CHANNEL_LABELS: Record<ReminderChannel, string> = {
  call: "Call",
  sms: "Text message",
  in_app: "In-app notification",
};

export const STATE_LABELS: Record<OccurrenceState, string> = {
  scheduled: "Scheduled",
  in_progress: "In progress",
  confirmed: "Confirmed",
  delivered: "Delivered",
  unconfirmed: "Unconfirmed",
  missed: "Missed",
  skipped: "Skipped",
  escalated: "Escalated",
  cancelled: "Cancelled",
};

export const STATE_VARIANTS: Record<OccurrenceState, BadgeVariant> = {
  scheduled: "outline",
  in_progress: "secondary",
  confirmed: "success",
  delivered: "success",
  unconfirmed: "warning",
  missed: "destructive",
  skipped: "outline",
  escalated: "destructive",
  cancelled: "outline",
};

export type AttemptOutcome =
  | "confirmed"
  | "answered_unconfirmed"
  | "delivered"
  | "voicemail"
  | "no_answer"
  | "busy"
  | "machine"
  | "failed"
  | "not_sent";

export const OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  confirmed: "Confirmed (pressed 1)",
  answered_unconfirmed: "Answered, not confirmed",
  delivered: "Delivered",
  voicemail: "Voicemail left",
  no_answer: "No answer",
  busy: "Busy",
  machine: "Answering machine",
  failed: "Failed",
  not_sent: "Not sent",
};

export const OUTCOME_VARIANTS: Record<AttemptOutcome, BadgeVariant> = {
  confirmed: "success",
  answered_unconfirmed: "warning",
  delivered: "success",
  voicemail: "success",
  no_answer: "warning",
  busy: "warning",
  machine: "warning",
  failed: "destructive",
  not_sent: "destructive",
};

/** The outcome's words, with the reason when there is one ("Not sent: TELNYX_API_KEY not set"). */
export function outcomeText(outcome: string | null, reason: string | null): string {
  if (!outcome) return "In progress";
  const label = OUTCOME_LABELS[outcome as AttemptOutcome] ?? outcome;
  if (!reason) return label;
  // A reason that already names the outcome ("not sent: TELNYX_API_KEY not set") is not said twice.
  const prefix = `${label.toLowerCase()}:`;
  const said = reason.toLowerCase().startsWith(prefix) ? reason.slice(prefix.length).trim() : reason;
  return `${label}: ${said}`;
}

/** Languages offered for the spoken message (BCP 47); a reminder's own is added when not listed. */
export const LANGUAGES = ["en-US", "en-GB", "es-US", "es-ES", "fr-FR", "de-DE", "it-IT", "pt-BR", "nl-NL", "pl-PL"];

export function languageLabel(tag: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Every zone the browser knows, plus UTC and the ones in use, for a searchable picker. */
export function timeZoneOptions(...current: string[]) {
  const zones = new Set<string>(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
  zones.add("UTC");
  for (const zone of current) if (zone) zones.add(zone);
  return [...zones].sort().map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }));
}
