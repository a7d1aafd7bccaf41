"use client";

import * as React from "react";
import { CircleAlertIcon, RefreshCwIcon } from "lucide-react";

import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";

/**
 * Any app page that fails to render: shown inside the app shell (sidebar and header stay, so the
 * user can go elsewhere), with "Try again" re-fetching the page. In production the message of a
 * server error is not sent to the browser; its digest matches the server's log line.
 */
export default function AppError({ error, retry, reset }: { error: unknown; retry?: () => void; reset?: () => void }) {
  const [retrying, setRetrying] = React.useState(false);

  React.useEffect(() => {
    console.error(error);
  }, [error]);

  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <Card role="alert" className="mx-auto max-w-lg">
      <CardHeader className="items-center text-center">
        <span className="bg-destructive/10 text-destructive mx-auto mb-2 flex size-10 items-center justify-center rounded-full">
          <CircleAlertIcon className="size-5" aria-hidden="true" />
        </span>
        <CardTitle>
          <h1 className="text-lg">This page could not be loaded</h1>
        </CardTitle>
        <CardDescription>
          Something went wrong while fetching your data. It is usually temporary.
          {digest ? <span className="mt-1 block font-mono text-xs">Reference: {digest}</span> : null}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex justify-center">
        <Button
          onClick={() => {
            setRetrying(true);
            (retry ?? reset)?.();
            setTimeout(() => setRetrying(false), 1500);
          }}
          disabled={retrying}
        >
          <RefreshCwIcon className={retrying ? "animate-spin" : undefined} aria-hidden="true" />
          Try again
        </Button>
      </CardContent>
    </Card>
  );
}
