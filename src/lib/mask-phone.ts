import { parsePhoneNumberFromString } from "libphonenumber-js/min";

const MASK = "•••";
/** What a phone number can look like when typed: digits with + ( ) . - and spaces. */
const PHONE_LIKE = /^\+?[\d\s().-]+$/;
/** Fewer digits than this is a short code or an extension, not a person's number. */
const MIN_DIGITS = 7;

/**
 * A phone number as logs may show it: the country code and the last four digits
 * ("+14155550134" → "+1•••0134"), enough to tell numbers apart while debugging without
 * putting anyone's number in a log file. Values that are not phone numbers (dates under a `from`
 * key, short codes, ids) come back unchanged.
 */
export function maskPhone<T>(value: T): T | string {
  if (typeof value !== "string" || !PHONE_LIKE.test(value.trim())) return value;
  const digits = value.replace(/\D/g, "");
  if (digits.length < MIN_DIGITS) return value;
  const last4 = digits.slice(-4);
  if (!value.trim().startsWith("+")) return `${MASK}${last4}`;
  const countryCode = parsePhoneNumberFromString(`+${digits}`)?.countryCallingCode;
  return countryCode ? `+${countryCode}${MASK}${last4}` : `+${MASK}${last4}`;
}

/** E.164 numbers inside free text (messages, error texts, URLs with %2B-encoded numbers). */
const E164_IN_TEXT = /(?:\+|%2[Bb])([1-9]\d{6,14})(?!\d)/g;

/** `text` with every E.164 number in it masked as maskPhone does. */
export function maskPhoneNumbersIn(text: string): string {
  return text.replace(E164_IN_TEXT, (_match, digits: string) => String(maskPhone(`+${digits}`)));
}
