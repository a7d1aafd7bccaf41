import { SelectItem } from "~/components/ui/select";
import { PRIORITY_OPTIONS } from "./task-meta";

/** The priority choices of a Select, each with its colour dot. */
export function PriorityOptionItems() {
  return PRIORITY_OPTIONS.map((p) => (
    <SelectItem key={p.value} value={p.value}>
      <span className={`size-2 shrink-0 rounded-full ${p.dot}`} aria-hidden="true" />
      {p.label}
    </SelectItem>
  ));
}
