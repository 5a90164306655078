import type { ComponentProps } from "react";
import { controlClass } from "./input.tsx";
import { cn } from "./cn.ts";

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(controlClass, "min-h-20 font-mono text-sm", className)} {...props} />;
}
