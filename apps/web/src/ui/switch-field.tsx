"use client";

import { useId } from "react";
import { Label } from "./label.tsx";
import { Switch } from "./switch.tsx";

/** An on/off switch with its label (role="switch", toggled by Space or a click on the label) and an optional hint under it. */
export function SwitchField({
  label,
  checked,
  onCheckedChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  hint?: string;
}) {
  const id = useId();
  const switchControl = (
    <div className="flex items-center gap-3">
      <Switch id={id} checked={checked} onCheckedChange={onCheckedChange} aria-describedby={hint ? `${id}-hint` : undefined} />
      <Label htmlFor={id} className="cursor-pointer">
        {label}
      </Label>
    </div>
  );
  if (!hint) return switchControl;
  return (
    <div className="space-y-1">
      {switchControl}
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {hint}
      </p>
    </div>
  );
}
