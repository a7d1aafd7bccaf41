import { AREA_CODES, COMPANIES, FIRST_NAMES, JOB_TITLES, LAST_NAMES, PERSONAL_DOMAINS, TAGS } from "./pools";
import { createRandom, streamOf, type Random } from "./random";
import { EVENT_TEMPLATES, fill, MESSAGE_TEMPLATES, NOTE_TEMPLATES, REMINDER_TEMPLATES, TASK_TEMPLATES, type Template } from "./templates";
import { CALL_TOPICS, GOODBYES, GREETINGS, SMALL_TALK, type Slots } from "./topics";

/**
 * The search-quality corpus (issue 14): one user's contacts, calls with time-stamped transcripts,
 * text messages, tasks, calendar events and reminders, generated from a seed with no network and
 * no model. Every item has a stable key ("contact:0042") and records how it was made (its
 * template or topic and slots): the labelled queries are written from those facts, never from
 * what a search returns.
 */

export const CORPUS_SEED = 14;
/** "Now" for the corpus' dates (fixed, so the corpus is the same whenever it is generated). */
export const CORPUS_NOW = new Date("2026-12-20T15:00:00Z");

export interface CorpusSizes {
  contacts: number;
  calls: number;
  messages: number;
  tasks: number;
  events: number;
  reminders: number;
}

export const DEFAULT_SIZES: CorpusSizes = { contacts: 2_200, calls: 500, messages: 5_000, tasks: 1_000, events: 300, reminders: 200 };

export interface Made {
  /** The template (or call topic) the item was generated from, and its slots. */
  template: string;
  slots: Slots;
}

export interface CorpusContact {
  key: string;
  firstName: string;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  emails: string[];
  /** E.164. */
  phones: string[];
  tags: string[];
  notes: string | null;
  /** How the notes were written (null: no notes). */
  note: Made | null;
  lastContactedAt: Date;
}

export interface CorpusSegment {
  speaker: number;
  start: number;
  end: number;
  text: string;
}

export interface CorpusCall extends Made {
  key: string;
  contactKey: string;
  direction: "inbound" | "outbound";
  counterpartNumber: string;
  startedAt: Date;
  durationSeconds: number;
  segments: CorpusSegment[];
  transcriptText: string;
  summary: string;
  topics: string[];
}

export interface CorpusMessage extends Made {
  key: string;
  contactKey: string;
  direction: "inbound" | "outbound";
  counterpartNumber: string;
  body: string;
  createdAt: Date;
}

export interface CorpusTask extends Made {
  key: string;
  title: string;
  description: string;
  tags: string[];
  contactKey: string | null;
  dueAt: Date | null;
  updatedAt: Date;
}

export interface CorpusEvent extends Made {
  key: string;
  title: string;
  description: string;
  location: string;
  startsAt: Date;
}

export interface CorpusReminder extends Made {
  key: string;
  title: string;
  message: string;
  nextDueAt: Date;
}

export interface Corpus {
  seed: number;
  contacts: CorpusContact[];
  calls: CorpusCall[];
  messages: CorpusMessage[];
  tasks: CorpusTask[];
  events: CorpusEvent[];
  reminders: CorpusReminder[];
}

export const keyOf = (type: string, n: number) => `${type}:${String(n).padStart(4, "0")}`;

/** Letters of a name as an address has them: "Lucía O'Brien" → "luciaobrien". */
export function asciiOf(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ø/g, "o")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

const companyDomain = (company: string) => `${asciiOf(company.replace(/&/g, "and").split(" ").slice(0, 2).join(""))}.com`;

function generateContacts(seed: number, count: number): CorpusContact[] {
  const r = streamOf(seed, "contacts");
  const phones = new Set<string>();
  const emails = new Set<string>();
  const newPhone = (rr: Random): string => {
    for (;;) {
      let phone: string;
      const kind = rr.next();
      if (kind < 0.9) {
        // NXX exchange (2–9 first, not N11), any line number.
        let exchange = String(rr.int(200, 999));
        if (exchange.endsWith("11")) exchange = `${exchange.slice(0, 2)}2`;
        phone = `+1${rr.pick(AREA_CODES)}${exchange}${String(rr.int(0, 9999)).padStart(4, "0")}`;
      } else if (kind < 0.94) {
        phone = `+447700900${String(rr.int(0, 999)).padStart(3, "0")}`;
      } else if (kind < 0.97) {
        phone = `+49151${String(rr.int(10_000_000, 99_999_999))}`;
      } else {
        phone = `+5255${String(rr.int(10_000_000, 99_999_999))}`;
      }
      if (!phones.has(phone)) {
        phones.add(phone);
        return phone;
      }
    }
  };
  // A few hundred companies' worth of people: most contacts work somewhere, a quarter are personal.
  const contacts: CorpusContact[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = r.skewed(FIRST_NAMES, 0.35);
    const lastName = r.chance(0.97) ? r.skewed(LAST_NAMES, 0.35) : null;
    const personal = r.chance(0.25);
    const company = personal ? null : r.skewed(COMPANIES, 0.6);
    const jobTitle = company && r.chance(0.8) ? r.pick(JOB_TITLES) : null;
    const first = asciiOf(firstName);
    const last = asciiOf(lastName ?? "");
    const address = (): string => {
      const domain = company && r.chance(0.7) ? companyDomain(company) : r.pick(PERSONAL_DOMAINS);
      const local = last
        ? r.pick([`${first}.${last}`, `${first[0]}${last}`, `${first}`, `${first}_${last}${r.int(1, 99)}`, `${last}.${first}`, `${first}${last}`])
        : r.pick([first, `${first}${r.int(1, 99)}`]);
      let email = `${local}@${domain}`;
      for (let k = 2; emails.has(email); k++) email = `${local}${k}@${domain}`;
      emails.add(email);
      return email;
    };
    const contactEmails = r.chance(0.85) ? [address(), ...(r.chance(0.15) ? [address()] : [])] : [];
    const contactPhones = [newPhone(r), ...(r.chance(0.12) ? [newPhone(r)] : [])];
    const tags = r.sample(TAGS, r.pick([0, 1, 1, 2]));
    if (personal && !tags.length) tags.push(r.pick(["family", "friend", "neighbor"] as const));
    let note: Made | null = null;
    let notes: string | null = null;
    if (r.chance(0.65)) {
      const template = r.pick(NOTE_TEMPLATES);
      const slots = template.slots(r);
      note = { template: template.id, slots };
      notes = fill(r.pick(template.texts), slots);
    }
    contacts.push({
      key: keyOf("contact", i),
      firstName,
      lastName,
      company,
      jobTitle,
      emails: contactEmails,
      phones: contactPhones,
      tags,
      notes,
      note,
      lastContactedAt: new Date(CORPUS_NOW.getTime() - r.int(1, 400 * 24) * 3_600_000),
    });
  }
  return contacts;
}

/** Contacts who call and text often come first: a skewed pick over a fixed shuffle of the contacts. */
function activeOrder(seed: number, contacts: CorpusContact[]): CorpusContact[] {
  return createRandom(seed ^ 0x5eed).sample(contacts, contacts.length);
}

/** Seconds a line takes to say (~2.6 words a second). */
const secondsOf = (text: string) => Math.max(1.5, Math.round((text.split(/\s+/).length / 2.6) * 10) / 10);

function generateCalls(seed: number, count: number, contacts: CorpusContact[]): CorpusCall[] {
  const r = streamOf(seed, "calls");
  const order = activeOrder(seed, contacts);
  const calls: CorpusCall[] = [];
  for (let i = 0; i < count; i++) {
    const topic = r.pick(CALL_TOPICS);
    let contact = r.skewed(order, 0.5);
    // Business calls are with someone at a company, personal ones with anyone.
    for (let tries = 0; !topic.personal && !contact.company && tries < 20; tries++) contact = r.skewed(order, 0.5);
    const slots: Slots = { ...topic.slots(r), first: contact.firstName, company: contact.company ?? "their family" };
    const lines: [number, string][] = [];
    const greeting = fill(r.pick(GREETINGS), slots);
    lines.push([0, greeting]);
    for (const [who, wordings] of topic.turns) {
      lines.push([who, fill(r.pick(wordings), slots)]);
      if (r.chance(0.3)) lines.push([r.pick([0, 1]), r.pick(SMALL_TALK)]);
    }
    lines.push([r.pick([0, 1]), r.pick(GOODBYES)]);
    let at = Math.round(r.next() * 20) / 10;
    const segments: CorpusSegment[] = lines.map(([speaker, text]) => {
      const start = at;
      const end = Math.round((start + secondsOf(text)) * 10) / 10;
      at = Math.round((end + 0.3 + r.next()) * 10) / 10;
      return { speaker, start, end, text };
    });
    const direction = r.chance(0.55) ? "inbound" : "outbound";
    calls.push({
      key: keyOf("call", i),
      contactKey: contact.key,
      direction,
      counterpartNumber: contact.phones[0]!,
      startedAt: new Date(CORPUS_NOW.getTime() - r.int(1, 300 * 24 * 60) * 60_000),
      durationSeconds: Math.ceil(at),
      segments,
      transcriptText: segments.map((segment) => segment.text).join(" "),
      summary: fill(r.pick(topic.summaries), slots),
      topics: r.pick(topic.labels),
      template: topic.id,
      slots,
    });
  }
  return calls;
}

function generateMessages(seed: number, count: number, contacts: CorpusContact[]): CorpusMessage[] {
  const r = streamOf(seed, "messages");
  const order = activeOrder(seed, contacts);
  return Array.from({ length: count }, (_, i) => {
    const template = r.chance(0.15) ? MESSAGE_TEMPLATES.at(-1)! : r.pick(MESSAGE_TEMPLATES);
    const slots = template.slots(r);
    const contact = r.skewed(order, 0.6);
    return {
      key: keyOf("message", i),
      contactKey: contact.key,
      direction: r.chance(0.6) ? "inbound" : "outbound",
      counterpartNumber: contact.phones[0]!,
      body: fill(r.pick(template.texts), slots),
      createdAt: new Date(CORPUS_NOW.getTime() - r.int(1, 365 * 24 * 60) * 60_000),
      template: template.id,
      slots,
    };
  });
}

function fromTemplate(r: Random, templates: Template[]): { template: Template; slots: Slots; fields: string[] } {
  const template = r.pick(templates);
  const slots = template.slots(r);
  return { template, slots, fields: fill(r.pick(template.texts), slots).split("|") };
}

function generateTasks(seed: number, count: number, contacts: CorpusContact[]): CorpusTask[] {
  const r = streamOf(seed, "tasks");
  return Array.from({ length: count }, (_, i) => {
    const { template, slots, fields } = fromTemplate(r, TASK_TEMPLATES);
    return {
      key: keyOf("task", i),
      title: fields[0]!,
      description: fields[1] ?? "",
      tags: r.sample(["work", "personal", "finance", "home", "urgent", "admin"], r.int(0, 2)),
      contactKey: r.chance(0.3) ? r.pick(contacts).key : null,
      dueAt: r.chance(0.7) ? new Date(CORPUS_NOW.getTime() + r.int(-20, 60) * 86_400_000) : null,
      updatedAt: new Date(CORPUS_NOW.getTime() - r.int(1, 90 * 24) * 3_600_000),
      template: template.id,
      slots,
    };
  });
}

function generateEvents(seed: number, count: number): CorpusEvent[] {
  const r = streamOf(seed, "events");
  return Array.from({ length: count }, (_, i) => {
    const { template, slots, fields } = fromTemplate(r, EVENT_TEMPLATES);
    return {
      key: keyOf("event", i),
      title: fields[0]!,
      description: fields[1] ?? "",
      location: fields[2] ?? "",
      startsAt: new Date(CORPUS_NOW.getTime() + r.int(-60, 120) * 86_400_000 + r.int(8, 18) * 3_600_000),
      template: template.id,
      slots,
    };
  });
}

function generateReminders(seed: number, count: number): CorpusReminder[] {
  const r = streamOf(seed, "reminders");
  return Array.from({ length: count }, (_, i) => {
    const { template, slots, fields } = fromTemplate(r, REMINDER_TEMPLATES);
    return {
      key: keyOf("reminder", i),
      title: fields[0]!,
      message: fields[1] ?? fields[0]!,
      nextDueAt: new Date(CORPUS_NOW.getTime() + r.int(1, 90 * 24) * 3_600_000),
      template: template.id,
      slots,
    };
  });
}

export function generateCorpus(seed = CORPUS_SEED, sizes: CorpusSizes = DEFAULT_SIZES): Corpus {
  const contacts = generateContacts(seed, sizes.contacts);
  return {
    seed,
    contacts,
    calls: generateCalls(seed, sizes.calls, contacts),
    messages: generateMessages(seed, sizes.messages, contacts),
    tasks: generateTasks(seed, sizes.tasks, contacts),
    events: generateEvents(seed, sizes.events),
    reminders: generateReminders(seed, sizes.reminders),
  };
}

/** Every item's key, by type. */
export function keysOf(corpus: Corpus): Set<string> {
  return new Set(
    [corpus.contacts, corpus.calls, corpus.messages, corpus.tasks, corpus.events, corpus.reminders].flatMap((items) => items.map((item) => item.key)),
  );
}
