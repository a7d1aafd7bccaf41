import Sentiment from "sentiment";
import { actionItem, silentCallAnalysis } from "./analysis";
import { findDueHint } from "./due-dates";
import { STOPWORDS, words } from "./stopwords";
import type { ActionItem, Analyser, AnalysisInput, CallAnalysis, TaskPriorityHint } from "./types";
import { truncate } from "~/lib/format";

/**
 * The no-key analyser (docs/provider-contract.md#anthropic): deterministic, fast, and honest about being rules.
 *
 * - summary: extractive — the 1–3 sentences whose content words are most frequent in the whole
 *   call (commitments weigh a little more), in the order they were said;
 * - sentiment: AFINN word scores (the `sentiment` package, which handles "not good"), net over
 *   total so one "thanks" cannot outweigh a complaint; "mixed" when both sides are strong;
 * - action items: commitment and request patterns ("I'll …", "we need to …", "remind me to …",
 *   "can you …", an imperative "Send …") whose verb is an action verb, with the due words the
 *   sentence used ("by Friday") resolved in the user's zone;
 * - topics: repeated content bigrams, then repeated (or, in a short call, the longest) words;
 * - important: urgent or serious words, an urgent item, or a clearly negative call.
 */

export const LOCAL_PROMPT_VERSION = "local-v1";
const PROVIDER = "local";

export function createLocalAnalyser(): Analyser {
  return {
    provider: PROVIDER,
    promptVersion: LOCAL_PROMPT_VERSION,
    analyze: (input) => Promise.resolve(analyseLocally(input)),
  };
}

interface Sentence {
  text: string;
  index: number;
}

export function analyseLocally(input: AnalysisInput): CallAnalysis {
  const sentences = splitSentences(input);
  if (sentences.length === 0) return silentCallAnalysis(PROVIDER, LOCAL_PROMPT_VERSION);
  const found = sentences.map((sentence) => ({ sentence, item: findActionItem(sentence.text, input) }));
  const actionItems = dedupe(found.flatMap(({ item }) => (item ? [item] : []))).slice(0, MAX_ACTION_ITEMS);
  const committed = new Set(found.filter(({ item }) => item).map(({ sentence }) => sentence.index));
  const sentiment = scoreSentiment(sentences.map((s) => s.text).join(" "));
  const fullText = sentences.map((s) => s.text).join(" ");
  return {
    summary: summarise(sentences, committed),
    sentiment,
    actionItems,
    topics: topics(sentences, new Set([...words(input.userName ?? ""), ...words(input.contactName ?? "")])),
    important: SERIOUS.test(fullText) || sentiment.score <= -0.4 || actionItems.some((item) => item.priority === "urgent"),
    promptVersion: LOCAL_PROMPT_VERSION,
    provider: PROVIDER,
  };
}

function splitSentences(input: AnalysisInput): Sentence[] {
  const sources = input.segments.length > 0 ? input.segments.map((segment) => segment.text) : input.transcript.split("\n");
  return sources
    .flatMap((text) => text.replace(/[’‘]/g, "'").split(/(?<=[.!?])\s+/))
    .map((text) => text.trim())
    .filter((text) => /[\p{L}\p{N}]/u.test(text))
    .map((text, index) => ({ text, index }));
}

// ---- summary

function summarise(sentences: Sentence[], committed: Set<number>): string {
  const contentWords = sentences.map((s) => words(s.text).filter(isContentWord));
  const frequency = new Map<string, number>();
  for (const word of contentWords.flat()) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const top = Math.max(1, ...frequency.values());
  const scored = sentences
    .map((sentence, i) => {
      const content = contentWords[i]!;
      const tooShort = words(sentence.text).length < 4;
      const weight = content.reduce((sum, word) => sum + frequency.get(word)! / top, 0) / Math.sqrt(Math.max(content.length, 1));
      return { sentence, score: tooShort ? -1 : weight * (committed.has(sentence.index) ? 1.25 : 1) };
    })
    .sort((a, b) => b.score - a.score || a.sentence.index - b.sentence.index);
  const count = sentences.length <= 4 ? 1 : sentences.length <= 12 ? 2 : 3;
  return scored
    .slice(0, count)
    .sort((a, b) => a.sentence.index - b.sentence.index)
    .map(({ sentence }) => sentence.text)
    .join(" ");
}

function isContentWord(word: string): boolean {
  return word.length > 2 && !STOPWORDS.has(word) && !/^\d+$/.test(word);
}

// ---- sentiment

const lexicon = new Sentiment();

/** Courtesy that AFINN scores but that says nothing about how a call went ("thanks", "sorry to hear"). */
const COURTESY = new Set("care excuse hope hopefully help like pardon please sorry sure thank thanks welcome yes".split(" "));

/** Below this much total AFINN weight on both sides a call is not "mixed", just mild. */
const MIXED_MIN_WEIGHT = 6;

function scoreSentiment(text: string): CallAnalysis["sentiment"] {
  let positive = 0;
  let negative = 0;
  for (const entry of lexicon.analyze(text).calculation) {
    for (const [word, value] of Object.entries(entry)) {
      if (COURTESY.has(word)) continue;
      if (value > 0) positive += value;
      else negative -= value;
    }
  }
  // Net over total, damped so that two or three mild words do not read as a strong verdict.
  const score = Math.round(((positive - negative) / (positive + negative + 5)) * 1000) / 1000;
  const balanced = Math.min(positive, negative) / Math.max(positive, negative, 1) >= 0.5;
  const label =
    positive >= MIXED_MIN_WEIGHT && negative >= MIXED_MIN_WEIGHT && balanced ? "mixed"
    : score >= 0.25 ? "positive"
    : score <= -0.25 ? "negative"
    : "neutral";
  return { label, score: Object.is(score, -0) ? 0 : score };
}

// ---- action items

const MAX_ACTION_ITEMS = 10;

/** A commitment or request, then (optionally) a softener, then the clause that says what. */
const COMMITMENT =
  /\b(i'll|i will|i'm going to|i am going to|i need to|i have to|i must|i should|we'll|we will|we're going to|we are going to|we need to|we have to|we should|we must|let's|let us|remind me to|don't forget to|do not forget to|make sure (?:to|you)|(?:can|could|would|will) you|please)\s+(?:also\s+|just\s+|definitely\s+|probably\s+|still\s+|then\s+|quickly\s+|please\s+)*(.+)/i;

/** Openings that ask the listener to do something: there "me" is the one asking. */
const REQUEST = /^(?:don't forget|do not forget|make sure|can you|could you|would you|will you|please)/i;

/** An imperative sentence: "Send me the invoice." (not a question). */
const IMPERATIVE = /^(?:(?:so|okay|ok|alright|and|also|oh|well),?\s+)*(.+)/i;

/** Verbs that make a clause something to do (not "I'll be there", "let's see"). */
const ACTION_VERBS = new Set(
  `add apply approve arrange ask book bring buy call cancel change check clean collect confirm contact deliver
  draft drop email fax file fill finalise finalize find finish fix follow forward get give handle install invoice
  let look mail meet move order organise organize pay phone pick post prepare print process quote reach refill
  refund register remind renew repair replace reply reschedule research resolve respond return review ring
  schedule send set share ship sign sort speak submit take talk tell text transfer update upload visit write`.split(/\s+/),
);

/** Clauses that use an action verb without promising anything. */
const NOT_A_TASK = /^(?:talk|speak) (?:to you|soon|later)\b|^let (?!\w+ know\b)|^(?:get|take) (?:going|care|it easy)\b|^look at (?:that|this|you)\b|^(?:call|ring) it a day\b|^tell you (?:what|the truth)\b/i;

const VAGUE_OBJECTS = new Set("it that this them those these one so too also then there now over back up out again".split(" "));

const URGENT = /\b(?:urgent(?:ly)?|asap|as soon as possible|immediately|right away|emergency)\b/i;
const HIGH = /\b(?:important|critical|today|tonight|this morning|this afternoon|this evening)\b/i;
const LOW = /\b(?:whenever|no rush|sometime|eventually|at some point|no hurry)\b/i;

function findActionItem(sentence: string, input: AnalysisInput): ActionItem | null {
  const commitment = COMMITMENT.exec(sentence);
  const clause = commitment?.[2] ?? (sentence.endsWith("?") ? null : IMPERATIVE.exec(sentence)?.[1]);
  if (!clause) return null;
  const verb = words(clause)[0];
  if (!verb || !ACTION_VERBS.has(verb) || NOT_A_TASK.test(clause)) return null;
  // "Add it", "send that over": a verb whose object is only a pronoun is not a task anyone can act on.
  if (words(clause).slice(1).every((word) => VAGUE_OBJECTS.has(word))) return null;
  const text = clause.replace(/[\s.!?,;:]+$/, "");
  const dueHint = findDueHint(text, input.startedAt, input.timeZone);
  const priority: TaskPriorityHint = URGENT.test(sentence) ? "urgent" : HIGH.test(sentence) || /^tomorrow$/i.test(dueHint ?? "") ? "high" : LOW.test(sentence) ? "low" : "medium";
  // An imperative ("Send me the invoice.") asks the listener, like "can you …".
  const asked = !commitment || REQUEST.test(commitment[1]!);
  const task = asTheUsersTask(text, asked, input.contactName);
  const capitalised = task.charAt(0).toUpperCase() + task.slice(1);
  return actionItem(truncate(capitalised, 160), dueHint, priority, input);
}

/**
 * The clause as a line of the user's own to-do list. A promise the user made ("I'll send you the
 * proposal") has the other party as "you"; a request made of the user ("Can you send me your
 * availability?") has them as "me" and the user as "you". They become the contact's first name
 * (or "them" without a contact), and the user's own "your" becomes "my".
 */
function asTheUsersTask(clause: string, asked: boolean, contactName: string | null): string {
  const first = contactName?.split(/\s+/)[0];
  // A contact named after their number ("+1 415 555 0134") keeps the whole number.
  const name = first && /^\p{L}/u.test(first) ? first : contactName;
  const them = name ?? "them";
  const theirs = name ? `${name}'s` : "their";
  const swaps: Record<string, string> = asked ? { me: them, my: theirs, mine: theirs, your: "my", yours: "mine" } : { you: them, your: theirs, yours: theirs };
  return clause.replace(/\b(you|your|yours|me|my|mine)\b(?!')/gi, (word) => swaps[word.toLowerCase()] ?? word);
}

function dedupe(items: ActionItem[]): ActionItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = words(item.text).join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- topics

const MAX_TOPICS = 5;

/** Conversational verbs and adjectives that are content words but never a call's topic. */
const NOT_TOPICAL = new Set(
  `able actually absolutely again alright amazing another appreciate asked awesome bad back best better big bit
  call called calling came come coming day days definitely did doing easy else end fine glad good got great guess
  happy help hear heard hello hold hope hoping keep last later least left let little long look looking lot lots
  love make minute minutes morning nice night perfect probably put quick ready said saying send sent soon sorry
  speak start stuff sure take talk talked talking tell thanks thing today told tomorrow tonight totally try trying
  use wait wanted week weeks wonderful work working worry year years`.split(/\s+/),
);

function topics(sentences: Sentence[], names: Set<string>): string[] {
  // Words that carry sentiment ("frustrated", "happy") say how the call went, not what it was about.
  const topical = (word: string) => isContentWord(word) && !NOT_TOPICAL.has(word) && !names.has(word) && lexicon.analyze(word).score === 0;
  const unigrams = new Map<string, { count: number; first: number }>();
  const bigrams = new Map<string, { count: number; first: number }>();
  let position = 0;
  const bump = (map: Map<string, { count: number; first: number }>, key: string) => {
    const entry = map.get(key);
    if (entry) entry.count += 1;
    else map.set(key, { count: 1, first: position });
  };
  for (const sentence of sentences) {
    const tokens = words(sentence.text);
    tokens.forEach((token, i) => {
      position += 1;
      if (!topical(token)) return;
      bump(unigrams, token);
      const next = tokens[i + 1];
      if (next !== undefined && topical(next)) bump(bigrams, `${token} ${next}`);
    });
  }
  const chosen: string[] = [];
  const byCount = (a: [string, { count: number; first: number }], b: [string, { count: number; first: number }]) =>
    b[1].count - a[1].count || b[0].length - a[0].length || a[1].first - b[1].first;
  for (const [bigram, { count }] of [...bigrams].sort(byCount)) {
    if (count >= 2 && chosen.length < MAX_TOPICS) chosen.push(bigram);
  }
  const covered = new Set(chosen.flatMap((bigram) => bigram.split(" ")));
  const repeated = [...unigrams].filter(([word, { count }]) => count >= 2 && !covered.has(word));
  // In a short call little repeats; the longest content words are then the likeliest subjects.
  const pool = repeated.length > 0 ? repeated : [...unigrams].filter(([word]) => word.length >= 5);
  for (const [word] of pool.sort(byCount)) {
    if (chosen.length >= (repeated.length > 0 ? MAX_TOPICS : 3)) break;
    if (!covered.has(word)) chosen.push(word);
  }
  return chosen;
}

// ---- importance

const SERIOUS =
  /\b(?:urgent(?:ly)?|emergency|asap|as soon as possible|immediately|hospital|ambulance|surgery|diagnos(?:is|ed)|lawyer|attorney|lawsuit|sue|police|fraud|overdue|final notice|eviction|complaint|refund|cancel (?:my|the|our) (?:account|contract|subscription|order))\b/i;
