"use client";

import { useId } from "react";
import { Label } from "./label.tsx";
import { Switch } from "./switch.tsx";

/** An on/off switch with its label (role="switch", toggled by Space or a click on the label). */
export function SwitchField({
  label,
  checked,
  onCheckedChange,
}: {
  label: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-3">
      <Switch id={id} checked={checked} onCheckedChange={onCheckedChange} />
      <Label htmlFor={id} className="cursor-pointer">
        {label}
      </Label>
    </div>
  );
}
