"use client";

import { Label, Switch } from "radix-ui";
import { useId } from "react";

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
    <div className="switch-field">
      <Switch.Root id={id} className="switch" checked={checked} onCheckedChange={onCheckedChange}>
        <Switch.Thumb className="switch-thumb" />
      </Switch.Root>
      <Label.Root htmlFor={id}>{label}</Label.Root>
    </div>
  );
}
