import { createHash, randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { emailSchema } from "~/lib/account-fields";
import type { Db, Tx } from "~/server/db";
import { notFound } from "~/server/errors";

export const INVITE_EXPIRY_DAYS = [1, 7, 30] as const;
export const DEFAULT_INVITE_EXPIRY_DAYS = 7;

export const createInviteInput = z.object({
  expiresInDays: z
    .literal(INVITE_EXPIRY_DAYS, { error: "Choose 1, 7 or 30 days." })
    .default(DEFAULT_INVITE_EXPIRY_DAYS),
  /** Optional: the invite then works only for this address. Empty means anyone with the link. */
  email: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(emailSchema.optional())
    .optional(),
});
export type CreateInviteInput = z.input<typeof createInviteInput>;

export const inviteIdInput = z.object({ inviteId: z.string().min(1, "Choose an invite.").max(64) });

export type InviteStatus = "pending" | "used" | "expired" | "revoked";

/**
 * 32 random bytes: the link is the only credential, so it must not be guessable. Only its
 * sha256 is stored, so a database leak does not hand out working links.
 */
function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** One answer for forged, used, expired and revoked links: which one it was helps nobody but a prober. */
export function invalidInvite(): TRPCError {
  return new TRPCError({
    code: "FORBIDDEN",
    message: "This invite link is not valid: it may have been used, revoked or expired. Ask the owner for a new one.",
  });
}

export function inviteStatus(
  invite: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InviteStatus {
  if (invite.usedAt) return "used";
  if (invite.revokedAt) return "revoked";
  return invite.expiresAt <= now ? "expired" : "pending";
}

/** The invites' deps: the database and the clock that dates them and decides their status. */
export interface InviteDeps {
  db: Db;
  now: () => Date;
}

export async function createInvite({ db, now }: InviteDeps, ownerId: string, input: z.output<typeof createInviteInput>) {
  const token = newToken();
  const invite = await db.invite.create({
    data: {
      tokenHash: hashInviteToken(token),
      email: input.email ?? null,
      createdById: ownerId,
      expiresAt: new Date(now().getTime() + input.expiresInDays * 24 * 60 * 60 * 1000),
    },
    select: { id: true, email: true, expiresAt: true },
  });
  // The token leaves the server this once; it cannot be shown again.
  return { ...invite, token };
}

export async function listInvites({ db, now }: InviteDeps) {
  const at = now();
  const rows = await db.invite.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      email: true,
      createdAt: true,
      expiresAt: true,
      usedAt: true,
      revokedAt: true,
      usedBy: { select: { name: true, email: true } },
    },
  });
  return rows.map((row) => ({ ...row, status: inviteStatus(row, at) }));
}

export async function revokeInvite({ db, now }: InviteDeps, { inviteId }: z.output<typeof inviteIdInput>) {
  const at = now();
  return db.$transaction(async (tx) => {
    const { count } = await tx.invite.updateMany({
      where: { id: inviteId, usedAt: null, revokedAt: null },
      data: { revokedAt: at },
    });
    const invite = await tx.invite.findUnique({ where: { id: inviteId }, select: { id: true, usedAt: true, revokedAt: true, expiresAt: true } });
    if (!invite) throw notFound("Invite");
    if (count === 0 && invite.usedAt) {
      throw new TRPCError({ code: "CONFLICT", message: "This invite has already been used; disable the account instead." });
    }
    return { id: invite.id, status: inviteStatus(invite, at) };
  });
}

/** What the sign-up page may show about a link: only whether it works and the email it is for. */
export async function usableInvite(db: Pick<Db, "invite"> | Tx, token: string, now = new Date()) {
  if (!token) return null;
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { id: true, email: true, usedAt: true, revokedAt: true, expiresAt: true },
  });
  if (!invite || inviteStatus(invite, now) !== "pending") return null;
  return { id: invite.id, email: invite.email };
}

/**
 * Marks the invite used by `userId`, inside the transaction that created the user. The update
 * is conditional, so of two sign-ups racing with one link exactly one matches a row; the other
 * throws and its transaction (with its new user) rolls back.
 */
export async function claimInvite(tx: Tx, inviteId: string, userId: string, now: Date) {
  const { count } = await tx.invite.updateMany({
    where: { id: inviteId, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now, usedById: userId },
  });
  if (count !== 1) throw invalidInvite();
}
