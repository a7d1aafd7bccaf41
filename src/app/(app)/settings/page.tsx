import type { Metadata } from "next";
import { headers } from "next/headers";

import { env } from "~/env";
import { getServerAuthSession } from "~/server/auth";
import { api } from "~/trpc/server";
import { LimitsSection } from "~/components/settings/limits-section";
import { PersonalPhoneForm } from "~/components/settings/personal-phone-form";
import { PhoneNumbersSection } from "~/components/settings/phone-numbers-section";
import { ReceptionistSection } from "~/components/settings/receptionist-section";
import { ProfileForm } from "~/components/settings/profile-form";
import { AccountSection } from "~/components/settings/account-section";
import { SignupSection } from "~/components/settings/signup-section";
import { ProvidersSection } from "~/components/settings/providers-section";

export const metadata: Metadata = { title: "Settings" };

/** The public origin Telnyx should post to: NEXTAUTH_URL when set, else this request's host. */
async function publicOrigin() {
  if (env.NEXTAUTH_URL) return new URL(env.NEXTAUTH_URL).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? `localhost:${env.PORT}`;
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function SettingsPage() {
  const isOwner = (await getServerAuthSession())?.user.role === "owner";
  const [settings, numbers, receptionist, personal, status, origin, sendLimits, signupMode] = await Promise.all([
    api.settings.get(),
    api.phoneNumbers.list(),
    api.phoneNumbers.receptionistSettings(),
    api.phoneNumbers.personalPhone(),
    api.phoneNumbers.status(),
    publicOrigin(),
    api.usageLimits.get(),
    isOwner ? api.admin.signupMode() : null,
  ]);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-muted-foreground text-sm">
          Your profile, your phones, and the services Switchboard connects to.{" "}
          <span className="text-foreground">{settings.profile.email}</span>
        </p>
      </div>
      <nav aria-label="Settings sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {[
          ["#profile", "Profile"],
          ["#account", "Account"],
          ["#your-phone", "Your phone"],
          ["#phone-numbers", "Phone numbers"],
          ["#receptionist", "Receptionist"],
          ["#providers", "Providers"],
          ...(sendLimits.canEdit ? [["#send-limits", "Send limits"]] : []),
          ...(signupMode ? [["#sign-up", "Sign-up"]] : []),
        ].map(([href, label]) => (
          <a key={href} href={href} className="text-muted-foreground hover:text-foreground underline-offset-4 hover:underline">
            {label}
          </a>
        ))}
      </nav>
      <ProfileForm initial={settings.profile} />
      <AccountSection email={settings.profile.email} />
      <PersonalPhoneForm initial={personal.personalPhone} />
      <PhoneNumbersSection initial={numbers} canManage={sendLimits.canEdit} />
      <ReceptionistSection initial={receptionist} />
      <ProvidersSection
        providers={settings.providers}
        storage={settings.storage}
        canTest={isOwner}
        initialStatus={status}
        origin={origin}
      />
      {sendLimits.canEdit ? <LimitsSection initial={sendLimits.limits} /> : null}
      {signupMode ? <SignupSection initial={signupMode} /> : null}
    </div>
  );
}
