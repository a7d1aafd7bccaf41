import Link from "next/link";
import { UserXIcon } from "lucide-react";

import { Button } from "~/components/ui/button";

export default function ContactNotFound() {
  return (
    <div className="flex flex-col items-center gap-4 rounded-lg border border-dashed px-6 py-16 text-center">
      <span className="bg-muted text-muted-foreground flex size-12 items-center justify-center rounded-full">
        <UserXIcon className="size-6" aria-hidden="true" />
      </span>
      <div className="space-y-1">
        <h1 className="text-xl font-semibold tracking-tight">Contact not found</h1>
        <p className="text-muted-foreground max-w-sm text-sm">
          This contact does not exist or was deleted. It may also belong to another account.
        </p>
      </div>
      <Button asChild>
        <Link href="/contacts">Back to contacts</Link>
      </Button>
    </div>
  );
}
