import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** sessionVersion: the account's session version when the token was issued (see protectedProcedure). */
    user: { id: string; sessionVersion?: number; role?: "owner" | "member" } & DefaultSession["user"];
  }

  /** What authorize() returns at sign-in (see verifyCredentials), copied into the JWT. */
  interface User {
    sessionVersion?: number;
    role?: "owner" | "member";
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
    role?: "owner" | "member";
  }
}
