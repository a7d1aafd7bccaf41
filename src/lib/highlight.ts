/**
 * Marks around the matched words of a search snippet. Control characters, never HTML: they do
 * not occur in transcripts, and the client renders the text between them as text.
 */
export const HIGHLIGHT_START = "\u0002";
export const HIGHLIGHT_END = "\u0003";
