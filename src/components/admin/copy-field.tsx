"use client";

import * as React from "react";
import { CheckIcon, CopyIcon } from "lucide-react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";

/** A read-only value shown once (an invite link, a generated password) with a Copy button. */
export function CopyField({ id, value, label, copyLabel = "Copy" }: { id: string; value: string; label: string; copyLabel?: string }) {
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [copied, setCopied] = React.useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success("Copied.");
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // The clipboard API needs https (or localhost) and permission; selecting lets the user copy by hand.
      inputRef.current?.select();
      toast.info("Selected: press Ctrl+C (⌘C) to copy.");
    }
  }

  return (
    <div className="flex gap-2">
      <Input
        ref={inputRef}
        id={id}
        value={value}
        readOnly
        aria-label={label}
        className="font-mono text-xs"
        onFocus={(e) => e.currentTarget.select()}
      />
      <Button type="button" variant="outline" onClick={() => void copy()} className="shrink-0">
        {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
        {copyLabel}
      </Button>
    </div>
  );
}
