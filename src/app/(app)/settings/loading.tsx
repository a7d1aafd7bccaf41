import { Skeleton } from "~/components/ui/skeleton";

export default function SettingsLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading settings…</span>
      <div className="space-y-2">
        <Skeleton className="h-7 w-28" />
        <Skeleton className="h-4 w-80" />
      </div>
      {[48, 36, 40, 72].map((h, i) => (
        <div key={i} className="space-y-4 rounded-xl border p-6">
          <Skeleton className="h-5 w-32" />
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className={`w-full`} style={{ height: `${h * 0.25}rem` }} />
        </div>
      ))}
    </div>
  );
}
