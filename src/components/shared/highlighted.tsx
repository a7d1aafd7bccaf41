import * as React from "react";

import { HIGHLIGHT_END, HIGHLIGHT_START } from "~/lib/highlight";

/**
 * A search snippet with its matches in <mark>; everything else, transcript text included, is
 * rendered as text.
 */
export function Highlighted({ text }: { text: string }) {
  const parts = text.split(HIGHLIGHT_START);
  return (
    <>
      {parts.map((part, index) => {
        if (index === 0) return <React.Fragment key={index}>{part}</React.Fragment>;
        const [match = "", rest = ""] = part.split(HIGHLIGHT_END);
        return (
          <React.Fragment key={index}>
            <mark className="bg-warning/25 text-foreground rounded-sm px-0.5">{match}</mark>
            {rest}
          </React.Fragment>
        );
      })}
    </>
  );
}
