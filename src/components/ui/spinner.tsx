import { Loader2Icon } from "lucide-react";

import { cn } from "~/lib/utils";

/**
 * A spinning loader. Standalone it is a `status` labelled "Loading"; inside a labelled control
 * (e.g. a pending button) pass `aria-hidden` so it does not change the control's name.
 */
function Spinner({ className, ...props }: React.ComponentProps<"svg">) {
  const hidden = props["aria-hidden"] === true || props["aria-hidden"] === "true";
  return (
    <Loader2Icon
      role={hidden ? undefined : "status"}
      aria-label={hidden ? undefined : "Loading"}
      data-slot="spinner"
      className={cn("size-4 animate-spin", className)}
      {...props}
    />
  );
}

export { Spinner };
