import { TRPCError } from "@trpc/server";
import { ProviderError } from "~/server/providers/errors";
import type { AccountNumber, AccountNumbers, TelephonyProvider } from "~/server/telephony/provider";

/**
 * What the Telnyx account holds, asked through the SDK (GET /v2/phone_numbers): a number can be
 * added only when the account has it, so nobody can route a stranger's number into Switchboard.
 */

/** Statuses of a number the account no longer (or never did) hold. */
const GONE = new Set(["deleted", "ported-out", "purchase-failed", "port-failed"]);

/** How many of the account's numbers the owner is offered at once (one Telnyx page). */
export const AVAILABLE_LIMIT = 250;

/** A failed Telnyx request as the typed error the owner sees; nothing has been stored. */
export function accountLookupError(error: unknown): TRPCError {
  if (error instanceof ProviderError) {
    if (error.kind === "timeout") {
      return new TRPCError({ code: "GATEWAY_TIMEOUT", message: "Telnyx did not answer in time; nothing was added. Try again.", cause: error });
    }
    const hint = error.httpStatus === 401 || error.httpStatus === 403 ? " Check TELNYX_API_KEY." : "";
    return new TRPCError({
      code: "BAD_GATEWAY",
      message: `Could not read the Telnyx account's numbers; nothing was added. ${error.message}${hint}`,
      cause: error,
    });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error instanceof Error ? error : undefined });
}

async function ask(telnyx: TelephonyProvider, params: { digits?: string; limit: number }): Promise<AccountNumbers> {
  let outcome;
  try {
    outcome = await telnyx.accountNumbers(params);
  } catch (error) {
    throw accountLookupError(error);
  }
  // The local provider (no key) knows no account.
  if (outcome.status === "not_sent") return { numbers: [], truncated: false };
  return { numbers: outcome.data.numbers.filter((n) => !GONE.has(n.status)), truncated: outcome.data.truncated };
}

/** The account's entry for this exact number, or null when the account does not hold it. */
export async function findAccountNumber(telnyx: TelephonyProvider, e164: string): Promise<AccountNumber | null> {
  // The filter matches numbers containing the digits: the exact one is among the first few.
  const { numbers } = await ask(telnyx, { digits: e164.replace(/\D/g, ""), limit: 20 });
  return numbers.find((n) => n.e164 === e164) ?? null;
}

/** The account's numbers (containing `digits` when given), at most AVAILABLE_LIMIT. */
export function listAccountNumbers(telnyx: TelephonyProvider, digits?: string): Promise<AccountNumbers> {
  return ask(telnyx, { ...(digits ? { digits } : {}), limit: AVAILABLE_LIMIT });
}
