import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "~/env";
import { logger } from "~/server/logger";
import { getServices, type Services } from "~/server/services";
import { clientIp } from "./client-ip";
import { nextAuthLogger } from "./next-auth-logger";
import { verifyCredentials } from "./credentials";
import { createLoginLimiters, type LoginLimiters } from "./rate-limit";

// Created on the first sign-in, not at import: `next build` imports this without a database.
// The budgets themselves live in PostgreSQL, shared by every web process.
let limiters: LoginLimiters | undefined;
const loginLimiters = ({ db, config }: Services) => (limiters ??= createLoginLimiters(db, config.signIn));

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  // Secure (and __Secure- prefixed) session cookies whenever the public URL is https, decided here
  // rather than left to next-auth's guess; src/proxy.ts reads the cookie with the same rule.
  // (NEXTAUTH_URL is read from process.env: run.ts fills in its http://localhost default.)
  useSecureCookies: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
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
        const services = getServices();
        return verifyCredentials(services.db, loginLimiters(services), credentials, clientIp(req?.headers, services.config.trustedProxyHops));
      },
    }),
  ],
  callbacks: {
    // The session version (and role) are written into the token once, at sign-in; every request
    // compares the version with the account's (getServerAuthSession, protectedProcedure), so
    // bumping it revokes the token. Nothing here reloads it: a stolen token must not renew itself.
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sessionVersion = user.sessionVersion ?? 0;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) {
        session.user.id = token.sub;
        session.user.sessionVersion = token.sessionVersion ?? 0;
        session.user.role = token.role;
      }
      return session;
    },
  },
  logger: nextAuthLogger(logger),
};
