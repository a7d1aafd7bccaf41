import pino, { type DestinationStream } from "pino";
import { env } from "~/env";
import { maskPhone, maskPhoneNumbersIn } from "~/lib/mask-phone";

const SECRET_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "headers.authorization",
  "headers.cookie",
  "*.apiKey",
  "token",
  "*.token",
];

/** Fields that hold phone numbers across the code base (calls, messages, contacts, settings). */
const PHONE_FIELDS = [
  "from",
  "to",
  "fromNumber",
  "toNumber",
  "counterpartNumber",
  "e164",
  "personalPhone",
  "phone",
  "phones",
  "number",
  "numbers",
  "phoneNumber",
];
const phoneFields = new Set(PHONE_FIELDS);

function censor(value: unknown, path: string[]): unknown {
  if (!phoneFields.has(path.at(-1) ?? "")) return "[redacted]";
  return Array.isArray(value) ? value.map((item) => maskPhone(item)) : maskPhone(value);
}

/**
 * Phone numbers are personal data and log files travel (support tickets, log shippers): the
 * known phone fields are masked whatever their format, and any E.164 number left anywhere else
 * in a line (a message, an error text, a nested payload) is masked on its way out.
 */
function maskingDestination(target: DestinationStream & { flush?: (cb?: (err?: Error) => void) => void; flushSync?: () => void }) {
  return {
    write: (line: string) => target.write(maskPhoneNumbersIn(line)),
    flush: (callback?: (err?: Error) => void) => (target.flush ? target.flush(callback) : callback?.()),
    flushSync: () => target.flushSync?.(),
  };
}

/**
 * JSON lines on stdout (or `destination`, for tests). `npm run dev` pretty-prints them in the
 * orchestrator rather than here, because pino transports start worker threads that Next.js
 * cannot bundle.
 */
export function createLogger(options: { level: string; destination?: DestinationStream }) {
  return pino(
    {
      level: options.level,
      base: { service: process.env.SWITCHBOARD_PROCESS ?? "web" },
      redact: {
        paths: [...SECRET_PATHS, ...PHONE_FIELDS, ...PHONE_FIELDS.map((field) => `*.${field}`)],
        censor,
      },
    },
    maskingDestination(options.destination ?? pino.destination({ dest: process.stdout.fd ?? 1, sync: false })),
  );
}

export const logger = createLogger({ level: env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env.LOG_LEVEL });

export type Logger = typeof logger;
