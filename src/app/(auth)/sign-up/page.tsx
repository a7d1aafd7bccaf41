import type { Metadata } from "next";
import Link from "next/link";
import { CircleAlertIcon } from "lucide-react";

import { api } from "~/trpc/server";
import { AuthCard } from "~/components/auth/auth-card";
import { SignUpForm } from "~/components/auth/sign-up-form";
import { Alert, AlertDescription, AlertTitle } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";

export const metadata: Metadata = { title: "Create account" };
// Whether sign-up is open changes with the owner's settings and the invite: never prerendered.
export const dynamic = "force-dynamic";

/** Why the form is not shown, in the words the owner would use. */
const REFUSALS = {
  closed: {
    title: "Sign-up is closed",
    text: "Sign-up is closed. Ask the owner for an invite.",
  },
  "invite-required": {
    title: "Invite only",
    text: "Sign-up needs an invite. Ask the owner for an invite link.",
  },
  "invalid-invite": {
    title: "This invite link does not work",
    text: "It may have been used, revoked or expired. Ask the owner for a new one.",
  },
} as const;

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string | string[] }> }) {
  const { invite: raw } = await searchParams;
  // A token longer than any we issue cannot match one; the state check then says so.
  const invite = typeof raw === "string" && raw.trim() ? raw.trim().slice(0, 200) : undefined;
  const state = await api.auth.signUpState({ invite });

  if (state.state === "closed" || state.state === "invite-required" || state.state === "invalid-invite") {
    const refusal = REFUSALS[state.state];
    return (
      <AuthCard title="Create your account">
        <div className="grid gap-5">
          <Alert>
            <CircleAlertIcon />
            <AlertTitle>{refusal.title}</AlertTitle>
            <AlertDescription>{refusal.text}</AlertDescription>
          </Alert>
          <Button asChild variant="outline" className="w-full">
            <Link href="/sign-in">Sign in instead</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  if (state.state === "invite") {
    return (
      <AuthCard title="Accept your invite" description="Create your account on this Switchboard.">
        <SignUpForm invite={invite} invitedEmail={state.email} />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your account"
      description={
        state.state === "first"
          ? "The first account owns this Switchboard: it invites the others and manages numbers."
          : "Set up Switchboard in under a minute."
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
