import type { Metadata } from "next";

import { AuthCard } from "~/components/auth/auth-card";
import { SignInForm } from "~/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Only same-origin paths are followed: the form checks it (safeCallbackUrl) before navigating.
  const raw = Array.isArray(params.callbackUrl) ? params.callbackUrl[0] : params.callbackUrl;

  return (
    <AuthCard title="Sign in" description="Welcome back. Enter your email and password.">
      <SignInForm callbackUrl={raw ?? null} />
    </AuthCard>
  );
}
