import type { Recurrence } from "~/generated/prisma/enums";
import { addDaysIn, addMonthsIn, addWeeksIn } from "~/lib/zoned-time";

/**
 * The due date of the occurrence after one due at `from`: one day, week or calendar month
 * later, keeping the wall-clock time in the user's zone (a 9:00 task stays at 9:00 across a
 * DST change; Jan 31 + 1 month is the last day of February).
 */
export function nextDueAt(from: Date, recurrence: Recurrence, timeZone: string): Date {
  switch (recurrence) {
    case "daily":
      return addDaysIn(from, 1, timeZone);
    case "weekly":
      return addWeeksIn(from, 1, timeZone);
    case "monthly":
      return addMonthsIn(from, 1, timeZone);
    case "none":
      return from;
  }
}
