import type { Session } from "next-auth";
import type { Db } from "~/server/db";

/**
 * The one check of a session token against the account, shared by getServerAuthSession (pages,
 * route handlers) and protectedProcedure: the user still exists, is not disabled, and the
 * token's session version is the current one. Password changes, "sign out everywhere",
 * disabling and resets bump the version, so older tokens stop working on their next request.
 */
export async function activeAccount(db: Db, sessionUser: { id?: string; sessionVersion?: number } | null | undefined) {
  if (!sessionUser?.id) return null;
  const account = await db.user.findUnique({
    where: { id: sessionUser.id },
    select: { id: true, role: true, disabledAt: true, sessionVersion: true },
  });
  if (!account || account.disabledAt || account.sessionVersion !== (sessionUser.sessionVersion ?? 0)) return null;
  return { id: account.id, role: account.role, sessionVersion: account.sessionVersion };
}

type ActiveAccount = NonNullable<Awaited<ReturnType<typeof activeAccount>>>;

/**
 * Sessions resolveSession built in this process, with the account it checked. A request's
 * session is resolved once (getServerAuthSession), so the procedures of a tRPC batch need not
 * look the account up again each; only server code can put a session here.
 */
const checkedSessions = new WeakMap<Session, ActiveAccount>();

/** The session if the account still honours it (with the account's current role), else null. */
export async function resolveSession(db: Db, session: Session | null): Promise<Session | null> {
  const account = await activeAccount(db, session?.user);
  if (!session || !account) return null;
  const resolved = { ...session, user: { ...session.user, id: account.id, role: account.role, sessionVersion: account.sessionVersion } };
  checkedSessions.set(resolved, account);
  return resolved;
}

/** The account behind a session: the one resolveSession checked for this request, else one lookup. */
export async function sessionAccount(db: Db, session: Session | null): Promise<ActiveAccount | null> {
  return (session && checkedSessions.get(session)) ?? activeAccount(db, session?.user);
}

/** Ends every session of the user, this browser's included. */
export async function signOutEverywhere({ db }: { db: Db }, userId: string) {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true } });
}
