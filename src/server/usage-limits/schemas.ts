import { z } from "zod";

/** Input schema of the owner's send limits (Settings → Send limits), shared with its form. */

const limit = z
  .number({ error: "Enter a number." })
  .int("Use a whole number.")
  .min(1, "Allow at least 1.")
  .max(10_000, "Use at most 10,000.");

export const sendLimitsInput = z
  .object({ smsPerHour: limit, smsPerDay: limit, callsPerHour: limit, callsPerDay: limit })
  // A day shorter than one of its hours would make the hourly figure a lie.
  .refine((v) => v.smsPerDay >= v.smsPerHour, { path: ["smsPerDay"], message: "Allow at least as many texts per day as per hour." })
  .refine((v) => v.callsPerDay >= v.callsPerHour, { path: ["callsPerDay"], message: "Allow at least as many calls per day as per hour." });
