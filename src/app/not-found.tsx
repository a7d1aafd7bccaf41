import Link from "next/link";

import { Button } from "~/components/ui/button";
import { LogoMark } from "~/components/app-shell/logo";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 p-6 text-center">
      <LogoMark className="size-10" />
      <div className="space-y-2">
        <p className="text-muted-foreground text-sm font-medium">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="text-muted-foreground max-w-sm text-sm">
          The page you are looking for does not exist or has moved.
        </p>
      </div>
      <Button asChild>
        <Link href="/dashboard">Go to the dashboard</Link>
      </Button>
    </main>
  );
}
