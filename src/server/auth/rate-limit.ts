import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "~/server/db";
import type { ServicesConfig } from "~/server/services";

/**
 * Attempt budgets kept in PostgreSQL's `RateLimit` table (rate-limiter-flexible's PostgreSQL
 * store), so every web process on the database shares them and each consume is one atomic
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`: parallel attempts are counted one by one and can
 * never overspend a budget.
 */

/** The pg-style client rate-limiter-flexible's PostgreSQL store talks to (`query` → rows). */
interface StoreClient {
  query(q: { text: string; values?: unknown[] }): Promise<{ rows: { points: number; expire: number | null }[]; rowCount: number }>;
}

/** Rows whose window ended more than this long ago are deleted (they count nothing any more). */
const SWEEP_AFTER_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 5 * 60 * 1000;

/**
 * The store speaks through the app's own Prisma client rather than a second pool: the limits
 * then live in exactly the database `db` is (the tRPC context's, the test's), with no second
 * connection string to keep in sync, and the store needs no pool of its own on the embedded
 * database's single session. Expired rows are swept here, at most every 5 minutes per
 * process, instead of by a timer in each limiter.
 */
function storeClientFor(db: Db): StoreClient {
  let lastSweep = Date.now();
  return {
    async query({ text, values = [] }) {
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        // Losing a sweep costs nothing but a few stale rows until the next one.
        void db.$executeRaw`DELETE FROM "RateLimit" WHERE expire < ${BigInt(Date.now() - SWEEP_AFTER_MS)}`.catch(() => undefined);
      }
      if (/^\s*DELETE\b/i.test(text)) {
        return { rows: [], rowCount: await db.$executeRawUnsafe(text, ...values) };
      }
      const rows = await db.$queryRawUnsafe<{ points: number; expire: bigint | null }[]>(text, ...values);
      // int8 arrives as a BigInt; the library does arithmetic with Date.now() on it.
      const mapped = rows.map((row) => ({ points: Number(row.points), expire: row.expire === null ? null : Number(row.expire) }));
      return { rows: mapped, rowCount: mapped.length };
    },
  };
}

const stores = new WeakMap<Db, StoreClient>();
function storeFor(db: Db): StoreClient {
  let store = stores.get(db);
  if (!store) {
    store = storeClientFor(db);
    stores.set(db, store);
  }
  return store;
}

/** Keys are hashed: they hold emails and addresses, and may be longer than the 255-character column. */
const hashKey = (key: string) => createHash("sha256").update(key).digest("base64url");

export interface BudgetOptions {
  /** Names the budget in the table (`<name>:<hashed key>`). */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once the budget is overspent, refuse for this long from that moment (default: until the window ends). */
  blockSeconds?: number;
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export class AttemptLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(db: Db, options: BudgetOptions) {
    this.limiter = new RateLimiterPostgres({
      storeClient: storeFor(db),
      storeType: "pool",
      tableName: "RateLimit",
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: options.name,
      points: options.points,
      duration: options.durationSeconds,
      blockDuration: options.blockSeconds ?? 0,
    });
  }

  /** Spends one attempt; returns 0 when it was within the budget, else the seconds to wait. */
  async consume(key: string): Promise<number> {
    try {
      await this.limiter.consume(hashKey(key));
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return secondsOf(rejection.msBeforeNext);
      throw rejection;
    }
  }

  /** Gives back one attempt (a sign-in that succeeded was not an attack). */
  async refund(key: string): Promise<void> {
    await this.limiter.reward(hashKey(key));
  }

  /** Forgets the key's attempts. */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(hashKey(key));
  }
}

/**
 * Sign-in budgets. Why three:
 * - per email + client IP (LOGIN_MAX_ATTEMPTS per LOGIN_WINDOW_SECONDS): the guessing budget of
 *   one client against one account;
 * - per client IP across emails: one client trying many accounts (credential stuffing). A
 *   household or office behind one address shares it, so it is generous;
 * - per email alone, against guessing from many addresses. A stranger can always spend it, so it
 *   is large and its lock is short: at most ACCOUNT_BLOCK_SECONDS, then a fresh budget. That is
 *   the longest anyone can keep a known email locked out without holding its password.
 */
export const PER_IP_LOGIN_ATTEMPTS = 100;
export const PER_ACCOUNT_LOGIN_ATTEMPTS = 50;
export const ACCOUNT_BLOCK_SECONDS = 5 * 60;

export interface LoginLimiters {
  /** Attempts per email and client IP. */
  perClient: AttemptLimiter;
  /** Attempts per client IP, whatever the email. */
  perIp: AttemptLimiter;
  /** Attempts per email alone, with a short lock. */
  perAccount: AttemptLimiter;
}

/** Overrides of the configured budgets (tests). */
export interface LoginBudgets {
  perClient?: number;
  perIp?: number;
  perAccount?: number;
  windowSeconds?: number;
  accountBlockSeconds?: number;
  /** Prefix for the budgets' names, so several sets can share one database (tests). */
  scope?: string;
}

export function createLoginLimiters(db: Db, signIn: ServicesConfig["signIn"], budgets: LoginBudgets = {}): LoginLimiters {
  const window = budgets.windowSeconds ?? signIn.windowSeconds;
  const scope = budgets.scope ? `${budgets.scope}:` : "";
  return {
    perClient: new AttemptLimiter(db, {
      name: `${scope}login-client`,
      points: budgets.perClient ?? signIn.maxAttempts,
      durationSeconds: window,
    }),
    perIp: new AttemptLimiter(db, { name: `${scope}login-ip`, points: budgets.perIp ?? PER_IP_LOGIN_ATTEMPTS, durationSeconds: window }),
    perAccount: new AttemptLimiter(db, {
      name: `${scope}login-account`,
      points: budgets.perAccount ?? PER_ACCOUNT_LOGIN_ATTEMPTS,
      durationSeconds: window,
      blockSeconds: budgets.accountBlockSeconds ?? ACCOUNT_BLOCK_SECONDS,
    }),
  };
}

/** Sign-ups per client address per hour (config.signUp.maxPerHour: SIGNUP_MAX_PER_HOUR, default 10). */
export function createSignUpLimiter(db: Db, perHour: number): AttemptLimiter {
  return new AttemptLimiter(db, { name: "sign-up-ip", points: perHour, durationSeconds: 60 * 60 });
}
