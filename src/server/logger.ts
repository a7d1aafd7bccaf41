import pino from "pino";
import { env } from "~/env";

/**
 * JSON lines on stdout. `npm run dev` pretty-prints them in the orchestrator rather than here,
 * because pino transports start worker threads that Next.js cannot bundle.
 */
export const logger = pino({
  level: env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env.LOG_LEVEL,
  base: { service: process.env.SWITCHBOARD_PROCESS ?? "web" },
  redact: {
    paths: [
      "password",
      "*.password",
      "passwordHash",
      "*.passwordHash",
      "headers.authorization",
      "headers.cookie",
      "*.apiKey",
      "token",
      "*.token",
    ],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
