import type { Corpus, CorpusContact, Made } from "./corpus";
import { streamOf, type Random } from "./random";
import { EVENT_TEMPLATES, fill, MESSAGE_TEMPLATES, NOTE_TEMPLATES, REMINDER_TEMPLATES, TASK_TEMPLATES, type Template } from "./templates";
import { CALL_TOPICS, type Slots } from "./topics";

/**
 * The labelled queries of search-quality, written from how the corpus was generated: a query is
 * made from one item's facts (its name, number, address, topic and slots, template and slots,
 * or words), and its relevant items are every item whose facts match (grade 2: what the query
 * asks for; grade 1: also what the user might want), found by comparing facts, never by searching.
 * `npm run -s bench -- search-quality --write-queries` writes them to queries.json (committed);
 * the unit test checks the file is what this code makes of the corpus.
 */

export type Grade = 1 | 2;

export interface LabelledQuery {
  id: string;
  kind: string;
  q: string;
  /** Key of each relevant item → grade. */
  relevant: Record<string, Grade>;
}

/** Lower-case words separated by single spaces: for "does this text contain that phrase". */
export function normalized(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
}

/** Words a remembered phrase does not start or end with. */
const EDGE_STOPWORDS = new Set(["the", "and", "for", "with", "you", "our", "your", "are", "was", "that", "this", "from", "but", "can", "its", "it's", "i'm", "i'll", "we're", "they're"]);

const sameSlots = (a: Made, b: Made, names: string[]) => a.template === b.template && names.every((name) => a.slots[name] === b.slots[name]);

const fullName = (contact: CorpusContact) => [contact.firstName, contact.lastName].filter(Boolean).join(" ");

/** One typo: a letter dropped, two neighbours swapped, a letter doubled, or a vowel changed. */
function typo(r: Random, word: string): string {
  const letters = Array.from(word);
  for (;;) {
    const at = r.int(1, letters.length - 2);
    const kind = r.int(0, 3);
    let out: string[];
    if (kind === 0) out = [...letters.slice(0, at), ...letters.slice(at + 1)];
    else if (kind === 1) out = [...letters.slice(0, at), letters[at + 1]!, letters[at]!, ...letters.slice(at + 2)];
    else if (kind === 2) out = [...letters.slice(0, at), letters[at]!, ...letters.slice(at)];
    else {
      const vowels = "aeiou";
      if (!vowels.includes(letters[at]!)) continue;
      out = [...letters.slice(0, at), vowels[(vowels.indexOf(letters[at]!) + r.int(1, 4)) % 5]!, ...letters.slice(at + 1)];
    }
    const result = out.join("");
    if (result.toLowerCase() !== word.toLowerCase()) return result;
  }
}

/** The national number of a +1 number in a user's format. */
function usFormat(e164: string, format: string): string {
  const d = e164.slice(2);
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  switch (format) {
    case "phone-national":
      return `(${a}) ${b}-${c}`;
    case "phone-dots":
      return `${a}.${b}.${c}`;
    case "phone-spaces":
      return `${a} ${b} ${c}`;
    case "phone-plus1":
      return `+1 ${a}-${b}-${c}`;
    default:
      return d;
  }
}

/** What a detail of each call topic is called in a query ("…, on invoice 4471"). */
const CALL_DETAIL: Record<string, [string[], (slots: Slots) => string]> = {
  "renewal-price": [["product"], (s) => `for the ${s.product}`],
  "invoice-dispute": [["invoice"], (s) => `on invoice ${s.invoice}`],
  reschedule: [["what"], (s) => `about ${s.what}`],
  "login-support": [["app"], (s) => `with ${s.app}`],
  "delivery-delay": [["item"], (s) => `about ${s.item}`],
  "family-party": [["relative", "occasion"], (s) => `for ${s.relative}'s ${s.occasion}`],
  "home-repair": [["fixture"], (s) => `on ${s.fixture}`],
  hiring: [["role"], (s) => `for the ${s.role} job`],
  travel: [["city"], (s) => `to ${s.city}`],
  medical: [["test"], (s) => `about the ${s.test}`],
  "house-offer": [["street"], (s) => `on ${s.street}`],
  "insurance-claim": [["incident"], (s) => `for the ${s.incident}`],
  onboarding: [["software"], (s) => `for ${s.software}`],
  cancellation: [["service"], (s) => `of ${s.service}`],
  "dinner-plans": [["restaurant"], (s) => `at ${s.restaurant}`],
};

export function buildQueries(corpus: Corpus): LabelledQuery[] {
  const r = streamOf(corpus.seed, "queries");
  const queries: LabelledQuery[] = [];
  const seen = new Set<string>();
  const add = (kind: string, q: string, relevant: Record<string, Grade>): boolean => {
    const text = q.replace(/\s+/g, " ").trim();
    if (seen.has(text.toLowerCase()) || !Object.keys(relevant).length) return false;
    seen.add(text.toLowerCase());
    queries.push({ id: `${kind}-${queries.filter((query) => query.kind === kind).length + 1}`, kind, q: text, relevant });
    return true;
  };
  const all = (keys: string[], grade: Grade = 2) => Object.fromEntries(keys.map((key) => [key, grade])) as Record<string, Grade>;
  /** Tries `make` on random items until `count` queries are made (each returns false to skip). */
  const repeat = (count: number, make: () => boolean) => {
    for (let made = 0, tries = 0; made < count && tries < count * 200; tries++) if (make()) made++;
  };
  const contacts = corpus.contacts;
  const byName = (name: string) => contacts.filter((contact) => fullName(contact).toLowerCase() === name.toLowerCase()).map((contact) => contact.key);

  // Names, exact and with one typo in the first or last name.
  repeat(6, () => {
    const contact = r.pick(contacts);
    return !!contact.lastName && add("name", fullName(contact), all(byName(fullName(contact))));
  });
  repeat(14, () => {
    const contact = r.pick(contacts);
    if (!contact.lastName || contact.lastName.length < 4 || contact.firstName.length < 4) return false;
    const q = r.chance(0.6) ? `${contact.firstName} ${typo(r, contact.lastName)}` : `${typo(r, contact.firstName)} ${contact.lastName}`;
    // A "typo" that is someone else's name is not a typo.
    if (byName(q).length) return false;
    return add("name-typo", q, all(byName(fullName(contact))));
  });

  // Phone numbers as people write them.
  const withNumber = (e164: string) => all(contacts.filter((contact) => contact.phones.includes(e164)).map((contact) => contact.key));
  for (const format of ["phone-national", "phone-dots", "phone-spaces", "phone-plus1", "phone-digits"]) {
    repeat(5, () => {
      const phone = r.pick(r.pick(contacts).phones);
      return phone.startsWith("+1") && add(format, usFormat(phone, format), withNumber(phone));
    });
  }
  repeat(3, () => {
    const phone = r.pick(r.pick(contacts).phones);
    if (phone.startsWith("+44")) return add("phone-intl", `+44 ${phone.slice(3, 7)} ${phone.slice(7)}`, withNumber(phone));
    if (phone.startsWith("+49")) return add("phone-intl", `+49 ${phone.slice(3, 6)} ${phone.slice(6)}`, withNumber(phone));
    return false;
  });

  // Email addresses, whole and their start.
  repeat(6, () => {
    const contact = r.pick(contacts);
    const email = contact.emails[0];
    return !!email && add("email", email, all(contacts.filter((other) => other.emails.includes(email)).map((other) => other.key)));
  });
  repeat(6, () => {
    const contact = r.pick(contacts);
    const email = contact.emails[0];
    if (!email) return false;
    const local = email.split("@")[0]!;
    for (let length = 4; length <= local.length; length++) {
      const prefix = local.slice(0, length);
      const matching = contacts.filter((other) => other.emails.some((address) => address.startsWith(prefix)));
      if (matching.length <= 4) {
        return add("email-prefix", prefix, { ...all(matching.map((other) => other.key), 1), [contact.key]: 2 });
      }
    }
    return false;
  });

  // Companies: their people (2) and the tasks and events titled with the company (1); the
  // companies with the fewest of them (a long list has a low recall@10 whatever the ranking).
  const aboutCompany = (company: string) => {
    const relevant: Record<string, Grade> = {};
    // Tasks and events name the company in their title; calls and texts only mention it.
    for (const items of [corpus.tasks, corpus.events]) {
      for (const item of items) if (item.slots.company === company) relevant[item.key] = 1;
    }
    for (const contact of contacts) if (contact.company === company) relevant[contact.key] = 2;
    return relevant;
  };
  const companies = [...new Set(contacts.map((contact) => contact.company).filter((company): company is string => !!company))]
    .map((company) => ({ company, relevant: aboutCompany(company) }))
    .sort((a, b) => Object.keys(a.relevant).length - Object.keys(b.relevant).length || a.company.localeCompare(b.company));
  for (const { company, relevant } of companies.slice(0, 8)) add("company", r.chance(0.5) ? company : company.toLowerCase(), relevant);

  // A note's content, in other words.
  const gistQuery = <T extends Made & { key: string }>(kind: string, items: T[], templates: Template[], maxRelevant: number) => () => {
    const item = r.pick(items);
    const template = templates.find((candidate) => candidate.id === item.template)!;
    if (!template.gist.length) return false;
    const relevant = items.filter((other) => sameSlots(other, item, template.key)).map((other) => other.key);
    if (relevant.length > maxRelevant) return false;
    return add(kind, fill(r.pick(template.gist), item.slots), all(relevant));
  };
  const noted = contacts.filter((contact): contact is CorpusContact & { note: Made } => !!contact.note).map((contact) => ({ ...contact.note, key: contact.key }));
  repeat(10, gistQuery("note", noted, NOTE_TEMPLATES, 6));

  // Calls by what was talked about, in the user's words, with who or a detail.
  repeat(30, () => {
    const call = r.pick(corpus.calls);
    const topic = CALL_TOPICS.find((candidate) => candidate.id === call.template)!;
    const ask = r.pick(topic.ask);
    const way = r.int(0, 2);
    const ofTopic = corpus.calls.filter((other) => other.template === call.template);
    let q: string;
    let relevant: string[];
    if (way === 0) {
      q = `${ask} with ${call.slots.first}`;
      relevant = ofTopic.filter((other) => other.slots.first === call.slots.first).map((other) => other.key);
    } else if (way === 1 && !topic.personal) {
      q = `${call.slots.company}: ${ask}`;
      relevant = ofTopic.filter((other) => other.slots.company === call.slots.company).map((other) => other.key);
    } else {
      const [names, phrase] = CALL_DETAIL[topic.id]!;
      q = `${ask} ${phrase(call.slots)}`;
      relevant = ofTopic.filter((other) => names.every((name) => other.slots[name] === call.slots[name])).map((other) => other.key);
    }
    return relevant.length <= 6 && add("call-topic", q, all(relevant));
  });

  // Words someone said in a call (within one segment, as remembered), or wrote in a text: a run
  // of the text's own words, starting and ending on a word of letters that is not a stop word.
  const phraseQuery = (kind: string, sources: { key: string; text: string; template: string }[], items: { key: string; text: string }[], size: [number, number]) => () => {
    const source = r.pick(sources);
    if (source.template === "short") return false;
    const words = source.text.split(/\s+/).map((word) => word.replace(/^[^\p{L}\p{N}$#]+|[^\p{L}\p{N}%]+$/gu, ""));
    const length = r.int(size[0], size[1]);
    if (words.length < length) return false;
    const start = r.int(0, words.length - length);
    const phrase = words.slice(start, start + length);
    const edge = (word: string) => /^\p{L}{3,}$/u.test(word) && !EDGE_STOPWORDS.has(word.toLowerCase());
    if (!edge(phrase[0]!) || !edge(phrase.at(-1)!) || phrase.some((word) => !word)) return false;
    const q = phrase.join(" ");
    const relevant = items.filter((item) => normalized(item.text).includes(normalized(q))).map((item) => item.key);
    return relevant.length <= 5 && add(kind, q, all(relevant));
  };
  // Whole calls as searched: labels look at the whole transcript.
  const segments = corpus.calls.flatMap((call) => call.segments.slice(1, -1).map((segment) => ({ key: call.key, template: call.template, text: segment.text })));
  const transcripts = corpus.calls.map((call) => ({ key: call.key, text: call.transcriptText }));
  repeat(10, phraseQuery("transcript-phrase", segments, transcripts, [3, 6]));
  const messages = corpus.messages.map((message) => ({ key: message.key, template: message.template, text: message.body }));
  repeat(12, phraseQuery("message-phrase", messages, messages, [3, 5]));
  repeat(8, gistQuery("message-gist", corpus.messages, MESSAGE_TEMPLATES, 8));

  // Tasks, events and reminders by their gist.
  repeat(14, gistQuery("task-gist", corpus.tasks, TASK_TEMPLATES, 8));
  repeat(8, gistQuery("event-gist", corpus.events, EVENT_TEMPLATES, 8));
  repeat(8, gistQuery("reminder-gist", corpus.reminders, REMINDER_TEMPLATES, 8));

  return queries;
}

/** Kinds grouped for the report: each phone format, or all "phone" together. */
export function kindGroup(kind: string): string {
  return kind.startsWith("phone-") ? "phone" : kind.startsWith("email") ? "email" : kind;
}
