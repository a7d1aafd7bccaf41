import { cn } from "~/lib/utils";

/** The Switchboard mark: two jacks joined by a patch cable. Colour follows `currentColor`. */
export function LogoMark({ className, ...props }: React.ComponentProps<"svg">) {
  return (
    <svg
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className={cn("size-7 text-primary", className)}
      {...props}
    >
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path
        d="M10 10.5c0 7 12 4 12 11"
        fill="none"
        stroke="white"
        strokeWidth="2.25"
        strokeLinecap="round"
      />
      <circle cx="10" cy="10" r="2.75" fill="white" />
      <circle cx="22" cy="22" r="2.75" fill="white" />
      <circle cx="22" cy="10" r="2" fill="white" fillOpacity="0.55" />
      <circle cx="10" cy="22" r="2" fill="white" fillOpacity="0.55" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("flex items-center gap-2 font-semibold tracking-tight", className)}>
      <LogoMark />
      <span className="text-base">Switchboard</span>
    </span>
  );
}
