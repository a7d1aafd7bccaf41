/**
 * English function words and conversational filler ("yeah", "okay", "gonna") that say nothing
 * about what a call was about. Used by the local analyser (topics, summary scoring) and the
 * local embedder (which gives them little weight). Apostrophes are dropped: tokens are
 * compared as "ill", "dont".
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against ago all almost also am an and any anyway are around as at away
  be because been before being below between both but by can cannot cant could couldnt did didnt do does
  doesnt doing done dont down during each either else even ever every few for from further get gets getting
  go goes going gone gonna got gotta had hadnt has hasnt have havent having he hed hell her here hers herself
  hes hey hi him himself his how i id if ill im in into is isnt it its itself ive just kind know let lets like
  maybe me mean might more most much must my myself need no nor not now of off oh ok okay on once one only
  or other ought our ours ourselves out over own per please pretty quite rather really right said same say
  says see she shed shell shes should shouldnt so some something sort still such sure than thank thanks that
  thats the their theirs them themselves then there theres these they theyd theyll theyre theyve thing things
  think this those though through to too uh uhm um under until up upon us very via wanna want was wasnt way
  we wed well went were werent weve what whats when where which while who whom whos why will with within
  without wont would wouldnt yeah yep yes yet you youd youll your youre yours yourself yourselves youve`.split(/\s+/),
);

/** Lowercased words without diacritics or apostrophes ("Don't" → "dont", "café" → "cafe"). */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/['’]/g, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
