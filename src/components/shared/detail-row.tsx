import type * as React from "react";

/** One label and value of a details list: put inside `<dl className="grid grid-cols-[auto_1fr] …">`. */
export function DetailRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
