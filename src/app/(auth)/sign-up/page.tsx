import type { Metadata } from "next";

import { AuthCard } from "~/components/auth/auth-card";
import { SignUpForm } from "~/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default function SignUpPage() {
  return (
    <AuthCard title="Create your account" description="Set up Switchboard in under a minute.">
      <SignUpForm />
    </AuthCard>
  );
}
