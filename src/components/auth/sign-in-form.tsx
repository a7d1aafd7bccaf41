"use client";

import * as React from "react";
import Link from "next/link";
import { CircleAlertIcon } from "lucide-react";

import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { useHydrated } from "~/components/use-hydrated";
import { safeCallbackUrl } from "~/components/auth/callback-url";
import { credentialsSignIn, navigateAfterSignIn } from "~/components/auth/credentials-sign-in";
import { countText } from "~/lib/format";

/** Turns next-auth's `error` string into what the user sees. */
export function signInErrorMessage(error: string): string {
  if (error === "CredentialsSignin") return "Invalid email or password.";
  if (error === "ACCOUNT_DISABLED") return "This account has been disabled. Ask the owner of this Switchboard.";
  const limited = /^RATE_LIMITED:(\d+)/.exec(error);
  if (limited) {
    const seconds = Math.max(1, Number(limited[1]));
    return `Too many sign-in attempts. Try again in ${countText(seconds, "second")}.`;
  }
  return "Could not sign in right now. Please try again.";
}

export function SignInForm({ callbackUrl }: { callbackUrl?: string | null }) {
  const hydrated = useHydrated();
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const passwordRef = React.useRef<HTMLInputElement>(null);

  function fail(message: string) {
    setError(message);
    setPending(false);
    // Put the user back where they can fix it (the button they pressed was disabled).
    requestAnimationFrame(() => passwordRef.current?.select());
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your email and password.");
      return;
    }

    setPending(true);
    setError(null);
    try {
      const res = await credentialsSignIn(email, password);
      // next-auth v4 reports a failed credentials sign-in with ok: true and an `error`.
      if (res.error) return fail(signInErrorMessage(res.error));
      if (!res.ok) return fail(signInErrorMessage("unknown"));
      // Stay pending while the next page loads.
      navigateAfterSignIn(safeCallbackUrl(callbackUrl, window.location.origin));
    } catch {
      fail(signInErrorMessage("unknown"));
    }
  }

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="grid gap-5"
      aria-busy={pending || undefined}
    >
      {error ? (
        <Alert variant="destructive" aria-live="assertive">
          <CircleAlertIcon />
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <Field>
        <Label htmlFor="sign-in-email">Email</Label>
        <Input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          readOnly={pending || !hydrated}
          placeholder="you@example.com"
        />
      </Field>
      <Field>
        <Label htmlFor="sign-in-password">Password</Label>
        <Input
          id="sign-in-password"
          name="password"
          type="password"
          ref={passwordRef}
          autoComplete="current-password"
          required
          readOnly={pending || !hydrated}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending || !hydrated}>
        {pending ? <Spinner aria-hidden="true" /> : null}
        Sign in
      </Button>
      <p className="text-muted-foreground text-center text-sm">
        New to Switchboard?{" "}
        <Link
          href="/sign-up"
          className="text-foreground font-medium underline-offset-4 hover:underline"
        >
          Create an account
        </Link>
      </p>
    </form>
  );
}
