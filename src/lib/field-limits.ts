import { z } from "zod";

/**
 * The longest value each text field takes, counted after trimming, and the most entries each
 * list takes: the one source for the input schemas, the normalisers (which also check imports),
 * and the forms' maxLength. A field checked in two places reads its limit from here, so both
 * refuse the same values with the same words.
 */
export const FIELD_LIMITS = {
  /** A person's first or last name, a contact's or the account's own. */
  personName: 100,
  email: 254,
  /** A phone number as typed, in any format, before it is parsed to E.164. */
  phone: 50,
  company: 200,
  jobTitle: 200,
  contactNotes: 20_000,
  /** A contact's or a task's tag. */
  tag: 50,
  contactEmails: 20,
  contactPhones: 20,
  contactTags: 50,
  taskTitle: 255,
  taskDescription: 10_000,
  eventTitle: 255,
  eventDescription: 5000,
  eventLocation: 500,
  /** Telnyx splits long texts; 1600 characters is its limit for one message. */
  smsBody: 1600,
  /** A label the owner gives one of the instance's numbers. */
  numberLabel: 100,
  /** The name the user gives a transcript speaker ("Receptionist", "Dr. Lee"). */
  speakerName: 100,
  /** A search box's text. */
  search: 200,
  reminderTitle: 200,
  /** Spoken on a call or sent as one text (Telnyx's limit for one message). */
  reminderMessage: 1600,
  /** An RRULE as the recurrence builder writes it, or typed by hand. */
  reminderRrule: 500,
  /** A custom important date's name ("Graduation", "Sobriety date"). */
  contactDateLabel: 100,
  /** What the owner tells a number's voice agent about the business and how to answer. */
  receptionistInstructions: 10_000,
  /** The business a number's receptionist answers for ("Lee Dental"). */
  businessName: 120,
  /** A number's spoken greeting or voicemail prompt (a few sentences); also a voice preview's text. */
  spokenPrompt: 500,
} as const;

/** "Use at most 20,000 characters." */
export function tooLongMessage(max: number): string {
  return `Use at most ${max.toLocaleString("en-US")} characters.`;
}

/** Text trimmed, then at most `max` characters (the limit applies to what is stored). */
export function limitedText(max: number) {
  return z.string().trim().max(max, tooLongMessage(max));
}

/** A contacts import: the file's size (UTF-8 bytes) and its rows (CSV) or cards (vCard). */
export const IMPORT_LIMITS = { bytes: 5 * 1024 * 1024, rows: 10_000 } as const;
