import { redirect } from "next/navigation";

import { getServerAuthSession } from "~/server/auth";
import { LogoMark } from "~/components/app-shell/logo";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const session = await getServerAuthSession();
  if (session) redirect("/dashboard");

  return (
    <main className="bg-muted/40 flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="flex w-full max-w-sm flex-col items-center gap-6">
        <div className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <LogoMark className="size-8" />
          <span>Switchboard</span>
        </div>
        {children}
        <p className="text-muted-foreground text-center text-xs">
          Your calls, texts and relationships in one place.
        </p>
      </div>
    </main>
  );
}
