import { CircleAlertIcon } from "lucide-react";

import { Alert, AlertDescription } from "~/components/ui/alert";

/**
 * The message for a whole form (what no single field owns: a refused action, a network failure),
 * above its fields; nothing when there is none. Field messages go under their field (FieldError).
 */
export function FormError({ message, className }: { message?: string | null; className?: string }) {
  if (!message) return null;
  return (
    <Alert variant="destructive" className={className}>
      <CircleAlertIcon />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
