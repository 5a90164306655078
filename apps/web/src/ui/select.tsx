import { ChevronDown } from "lucide-react";
import type { ComponentProps } from "react";
import { controlClass } from "./input.tsx";
import { cn } from "./cn.ts";

/**
 * A styled native select (README: "Design system" says why not Radix Select): the phone's own
 * picker, form autofill and react-hook-form's register() all keep working.
 */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return (
    <div className="relative min-w-0">
      <select className={cn(controlClass, "h-9 appearance-none pr-8", className)} {...props} />
      <ChevronDown aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
    </div>
  );
}
