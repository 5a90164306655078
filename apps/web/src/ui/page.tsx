import type { ReactNode } from "react";
import { cn } from "./cn.ts";

const WIDTHS = { narrow: "max-w-sm", default: "max-w-3xl", wide: "max-w-6xl" } as const;

/** A page's main region: one width scale for every screen, padded for phones. */
export function Page({ width = "default", className, children }: { width?: keyof typeof WIDTHS; className?: string; children: ReactNode }) {
  return <main className={cn("mx-auto w-full px-3 py-6 sm:px-4 sm:py-8", WIDTHS[width], className)}>{children}</main>;
}

/** The page's one h1, with an optional line under it and actions on the right (below it on phones). */
export function PageHeader({
  title,
  description,
  back,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  back?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        {back ? <div className="mb-2 text-sm">{back}</div> : null}
        <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
        {description ? <p className="mt-1 text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
