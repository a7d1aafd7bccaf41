import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { UserRole } from "~/generated/prisma/enums";
import { claimInvite, invalidInvite, usableInvite } from "~/server/accounts/invites";
import { signupModeState } from "~/server/accounts/signup-mode";
import type { Db, Tx } from "~/server/db";
import type { ServicesConfig } from "~/server/services";
import { fieldError } from "~/server/errors";
import { emailSchema, nameSchema, passwordSchema } from "~/lib/account-fields";
import { hashPassword } from "./passwords";

export const signUpInput = z.object({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  /** The token of an invite link (/sign-up?invite=…). */
  invite: z.string().trim().max(200).optional(),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signUpStateInput = z.object({ invite: z.string().trim().max(200).optional() });

const duplicateEmail = () => fieldError("email", "An account with this email already exists.");
const closed = () =>
  new TRPCError({ code: "FORBIDDEN", message: "Sign-up is closed. Ask the owner for an invite." });
const inviteRequired = () =>
  new TRPCError({ code: "FORBIDDEN", message: "Sign-up needs an invite. Ask the owner for an invite link." });
const wrongEmail = () => fieldError("email", "This invite is for a different email address.");
// Says nothing about which email is expected: a stranger racing the operator learns nothing.
const notTheOwner = () =>
  new TRPCError({ code: "FORBIDDEN", message: "This Switchboard is waiting for its owner to create the first account." });

/** What the sign-up page shows: the form (first account, open, a working invite) or why not. */
export type SignUpState =
  | { state: "first" }
  | { state: "open" }
  | { state: "invite"; email: string | null }
  | { state: "invite-required" }
  | { state: "invalid-invite" }
  | { state: "closed" };

export interface SignUpDeps {
  db: Db;
  now: () => Date;
  /** SIGNUP_MODE until the owner chooses; OWNER_EMAIL: only this email may create the first
   * account (closes the window between starting a public instance and its operator signing up). */
  config: { signUp: Pick<ServicesConfig["signUp"], "mode" | "ownerEmail"> };
}

export async function signUpState(deps: SignUpDeps, { invite }: z.output<typeof signUpStateInput>): Promise<SignUpState> {
  const { db } = deps;
  if ((await db.user.count()) === 0) return { state: "first" };
  const { mode } = await signupModeState(deps);
  if (mode === "closed") return { state: "closed" };
  if (invite) {
    const usable = await usableInvite(db, invite, deps.now());
    return usable ? { state: "invite", email: usable.email } : { state: "invalid-invite" };
  }
  return mode === "open" ? { state: "open" } : { state: "invite-required" };
}

type Admission = { role: UserRole; inviteId: string | null };

/**
 * Who may create an account right now. While there is no user the first account is allowed
 * and becomes the owner; afterwards the owner's mode decides. An invite link is honoured in
 * invite and open modes (it then also pins the email); closed refuses everyone. The checks
 * run in this order so that a refused stranger learns nothing about existing emails.
 */
async function admit(tx: Tx, input: SignUpInput, config: SignUpDeps["config"], now: Date): Promise<Admission> {
  const { ownerEmail } = config.signUp;
  if ((await tx.user.count()) === 0) {
    if (ownerEmail && input.email !== ownerEmail) throw notTheOwner();
    return { role: "owner", inviteId: null };
  }
  const { mode } = await signupModeState({ db: tx, config });
  if (mode === "closed") throw closed();
  let inviteId: string | null = null;
  if (input.invite) {
    const invite = await usableInvite(tx, input.invite, now);
    if (!invite) throw invalidInvite();
    if (invite.email && invite.email !== input.email) throw wrongEmail();
    inviteId = invite.id;
  } else if (mode === "invite") {
    throw inviteRequired();
  }
  if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw duplicateEmail();
  return { role: "member", inviteId };
}

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function registerUser(deps: SignUpDeps, input: SignUpInput) {
  const { db, config } = deps;
  const now = deps.now();
  // Refuse before the deliberately slow hash, so closed-mode noise costs no CPU.
  const first = await admit(db, input, config, now);
  const passwordHash = await hashPassword(input.password);

  // The second pass can only happen once: after losing the race to be the first account.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        // An owner sign-up is not re-checked: if another first account was created meanwhile,
        // the one-owner index refuses this insert. Members are re-admitted with the transaction's view.
        const { role, inviteId } =
          attempt === 0 && first.role === "owner" ? first : await admit(tx, input, config, now);
        const user = await tx.user.create({
          data: { name: input.name, email: input.email, passwordHash, role },
          select: { id: true, email: true, name: true, role: true },
        });
        // In the same transaction: a link that is no longer usable undoes the account.
        if (inviteId) await claimInvite(tx, inviteId, user.id, now);
        return user;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Two sign-ups racing for one email: the email's unique index decides.
      if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw duplicateEmail();
      // Otherwise two first sign-ups raced and the one-owner index ("User_single_owner") let the
      // other one win: this one is now an ordinary sign-up under the mode in force.
      if (attempt > 0) throw error;
    }
  }
}
