import Link from "next/link";
import { SearchXIcon } from "lucide-react";

import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";

/**
 * A contact, call or other page that does not exist (or is not yours: the two look the same, so
 * a 404 never confirms that someone else's id exists). Inside the app shell, so navigation stays.
 */
export default function AppNotFound() {
  return (
    <Card className="mx-auto max-w-lg">
      <CardHeader className="items-center text-center">
        <span className="bg-muted text-muted-foreground mx-auto mb-2 flex size-10 items-center justify-center rounded-full">
          <SearchXIcon className="size-5" aria-hidden="true" />
        </span>
        <CardTitle>
          <h1 className="text-lg">Page not found</h1>
        </CardTitle>
        <CardDescription>It may have been deleted, merged into another one, or the link is mistyped.</CardDescription>
      </CardHeader>
      <CardContent className="flex justify-center">
        <Button asChild>
          <Link href="/dashboard">Go to the dashboard</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
