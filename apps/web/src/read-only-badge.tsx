import { Lock } from "lucide-react";
import { Badge } from "~/ui/badge.tsx";

/** Marks a connection or chat connector whose sessions refuse every change (read_only). */
export function ReadOnlyBadge() {
  return (
    <Badge tone="info" title="Statements that change data are refused">
      <Lock aria-hidden />
      Read-only
    </Badge>
  );
}
