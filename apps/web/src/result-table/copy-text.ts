"use client";

import { toast } from "~/ui/toast.tsx";

/** Puts text on the clipboard and confirms it in a toast (or says why it could not). */
export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast({ title: "Copied", description: what });
  } catch {
    toast({
      tone: "danger",
      title: "Could not copy",
      description: "The browser refused the clipboard: select the value and copy it by hand.",
    });
  }
}
