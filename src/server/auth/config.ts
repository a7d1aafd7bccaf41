import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "~/env";
import { getDb } from "~/server/db";
import { logger } from "~/server/logger";
import { clientIp } from "./client-ip";
import { verifyCredentials, type LoginLimiters } from "./credentials";
import { AttemptLimiter } from "./rate-limit";

const globalForAuth = globalThis as unknown as { switchboardLoginLimiters?: LoginLimiters };
export const loginLimiters = (globalForAuth.switchboardLoginLimiters ??= {
  perClient: new AttemptLimiter(env.LOGIN_MAX_ATTEMPTS, env.LOGIN_WINDOW_SECONDS),
  perAccount: new AttemptLimiter(env.LOGIN_MAX_ATTEMPTS * 4, env.LOGIN_WINDOW_SECONDS),
});

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        return verifyCredentials(getDb(), loginLimiters, credentials, clientIp(req?.headers));
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      return session;
    },
  },
  logger: {
    error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
    warn: (code) => logger.warn({ code }, "next-auth warning"),
    debug: () => undefined,
  },
};
