import type { ComponentProps } from "react";
import { cn } from "./cn.ts";

export const controlClass =
  "w-full min-w-0 rounded-md border border-input bg-background px-3 py-1.5 text-base text-foreground shadow-xs placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-danger sm:text-sm";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(controlClass, "h-9", className)} {...props} />;
}
