/** An account younger than this is new: it is welcomed, and welcomed back only after. */
export const NEW_ACCOUNT_MS = 24 * 60 * 60 * 1000;

export interface GreetedUser {
  name: string | null;
  email: string;
  createdAt: Date;
}

/** "Welcome, Dana" on the account's first day, "Welcome back, Dana" after; the email's local part without a name. */
export function dashboardGreeting(user: GreetedUser, now: Date): string {
  const who = user.name?.trim().split(/\s+/)[0] || user.email.split("@")[0];
  const welcome = now.getTime() - user.createdAt.getTime() < NEW_ACCOUNT_MS ? "Welcome" : "Welcome back";
  return who ? `${welcome}, ${who}` : welcome;
}
