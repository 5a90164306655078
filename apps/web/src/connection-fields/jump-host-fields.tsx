"use client";

import { ArrowDown, ArrowUp, ChevronRight, Plus, Trash2 } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { get, useFieldArray, useFormContext, useFormState, useWatch } from "react-hook-form";
import { isSavedJumpHost, MAX_JUMP_HOSTS, type ConnectionFormValues, type StoredSecrets } from "@connections/core";
import { Button } from "~/ui/button.tsx";
import { FieldRow } from "~/ui/field.tsx";
import { cn } from "~/ui/cn.ts";
import { Tooltip } from "~/ui/tooltip.tsx";
import { CheckboxField, KEPT_HINT, SecretField, TextAreaField, TextField, type FieldName } from "./bound-fields.tsx";
import { BLANK_JUMP_HOST } from "./form-values.ts";
import { KeyFilePicker } from "./key-file-picker.tsx";

const LIST = "config.ssh_tunnel.jump_hosts" as const;

/** The fields a jump host needs only when it does not take the tunnel's key, or to pin its host key. */
const OWN_FIELDS = ["private_key", "private_key_passphrase", "host_key_fingerprint"] as const;

const fieldOf = (index: number, field: keyof typeof BLANK_JUMP_HOST) => `${LIST}.${index}.${field}` as FieldName;

/** The id of a row's move or remove button, to put the focus back on it after the rows changed. */
const buttonId = (index: number, action: "up" | "down" | "remove") => `jump-host-${index + 1}-${action}`;

/** A visible label that names its row for screen readers and error links: "Jump host 2 · Host". */
function HopLabel({ number, children }: { number: number; children: ReactNode }) {
  return (
    <>
      <span className="sr-only">Jump host {number} · </span>
      {children}
    </>
  );
}

/**
 * The jump hosts before the bastion (SPEC §10), in order: rows to add (at most four), remove and
 * move, each with its server, an optional key of its own and an optional pin.
 */
export function JumpHostFields({ stored, headingLevel }: { stored: StoredSecrets; headingLevel: 3 | 4 }) {
  const { control } = useFormContext<ConnectionFormValues>();
  const { fields, append, remove, move } = useFieldArray({ control, name: LIST as never });
  const [announcement, setAnnouncement] = useState("");
  // The control to focus once the rows have re-rendered after a move or a removal.
  const focusAfter = useRef<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const full = fields.length >= MAX_JUMP_HOSTS;
  const fullId = useId();

  useEffect(() => {
    if (focusAfter.current === null) return;
    const target = document.getElementById(focusAfter.current);
    focusAfter.current = null;
    (target instanceof HTMLButtonElement && !target.disabled ? target : addButton.current)?.focus();
  });

  function moveRow(from: number, to: number) {
    move(from, to);
    setAnnouncement(`Jump host ${from + 1} is now jump host ${to + 1}.`);
    // The same button on the row's new place, or the other direction's when that end is reached.
    const direction = to < from ? "up" : "down";
    const atEnd = direction === "up" ? to === 0 : to === fields.length - 1;
    focusAfter.current = buttonId(to, atEnd ? (direction === "up" ? "down" : "up") : direction);
  }

  function removeRow(index: number) {
    remove(index);
    setAnnouncement(`Jump host ${index + 1} removed.`);
    focusAfter.current = fields.length > 1 ? buttonId(Math.min(index, fields.length - 2), "remove") : "";
  }

  return (
    <section className="space-y-3" aria-labelledby="jump-hosts-heading">
      <div>
        <Heading id="jump-hosts-heading" className="text-sm font-semibold">
          Jump hosts <span className="font-normal text-muted-foreground">(optional)</span>
        </Heading>
        <p className="text-xs text-muted-foreground">
          Bastions this service goes through, in order, before the SSH bastion: the first is the one it reaches.
        </p>
      </div>
      {fields.length > 0 ? (
        <ol className="space-y-3">
          {fields.map((field, index) => (
            <JumpHostRow
              key={field.id}
              index={index}
              count={fields.length}
              stored={stored}
              onMove={moveRow}
              onRemove={() => removeRow(index)}
            />
          ))}
        </ol>
      ) : null}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button
          ref={addButton}
          size="sm"
          disabled={full}
          aria-describedby={full ? fullId : undefined}
          onClick={() => {
            append({ ...BLANK_JUMP_HOST } as never, { focusName: fieldOf(fields.length, "host") });
            setAnnouncement(`Jump host ${fields.length + 1} added.`);
          }}
        >
          <Plus aria-hidden />
          Add jump host
        </Button>
        {full ? (
          <p id={fullId} className="text-xs text-muted-foreground">
            At most {MAX_JUMP_HOSTS} jump hosts: remove one to add another.
          </p>
        ) : null}
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

function JumpHostRow({
  index,
  count,
  stored,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  stored: StoredSecrets;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
}) {
  const { control, getValues } = useFormContext<ConnectionFormValues>();
  const address = [fieldOf(index, "host"), fieldOf(index, "port"), fieldOf(index, "user")] as const;
  // Watched to re-render as they are typed, but read from the form: right after a reset (a save)
  // the watched values are briefly null, and the row would forget that its key is stored.
  useWatch({ control, name: address });
  const [host, port, user] = getValues(address);
  const { errors } = useFormState({ control });
  // A hop's stored key and passphrase are kept only while the row is still the same server.
  const same = isSavedJumpHost(stored, index, { host, port, user });
  const keyKept = same && stored.paths.has(`ssh_tunnel.jump_hosts.${index}.private_key`);
  const useTunnelKey = useWatch({ control, name: fieldOf(index, "use_tunnel_key") }) === true && keyKept;
  const number = index + 1;
  const titleId = useId();
  const ownId = useId();
  // Most jump hosts take the tunnel's key: the key and pin fields open on demand, and until the
  // user chooses, by themselves when the row has something there (a stored key, a pin, a value
  // typed, an error to fix). Worked out on each render: a row reset by a save learns late that
  // its key is stored.
  const [chosen, setChosen] = useState<boolean>();
  const filled = keyKept || OWN_FIELDS.some((field) => String(getValues(fieldOf(index, field)) ?? "") !== "");
  const ownError = OWN_FIELDS.some((field) => get(errors, fieldOf(index, field)) !== undefined);
  const ownShown = (chosen ?? filled) || ownError;
  return (
    <li className="min-w-0">
      <div role="group" aria-labelledby={titleId} className="space-y-4 rounded-lg border bg-background/60 p-3 sm:p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p id={titleId} className="text-sm font-semibold">
            Jump host {number}
          </p>
          <div className="flex items-center gap-1">
            <Tooltip content="Move up">
              <Button
                id={buttonId(index, "up")}
                size="icon-sm"
                variant="ghost"
                aria-label={`Move jump host ${number} up`}
                disabled={index === 0}
                onClick={() => onMove(index, index - 1)}
              >
                <ArrowUp aria-hidden />
              </Button>
            </Tooltip>
            <Tooltip content="Move down">
              <Button
                id={buttonId(index, "down")}
                size="icon-sm"
                variant="ghost"
                aria-label={`Move jump host ${number} down`}
                disabled={index === count - 1}
                onClick={() => onMove(index, index + 1)}
              >
                <ArrowDown aria-hidden />
              </Button>
            </Tooltip>
            <Button id={buttonId(index, "remove")} size="sm" variant="ghost" aria-label={`Remove jump host ${number}`} onClick={onRemove}>
              <Trash2 aria-hidden />
              Remove
            </Button>
          </div>
        </div>
        <FieldRow narrowLast>
          <TextField
            name={fieldOf(index, "host")}
            label={<HopLabel number={number}>Host</HopLabel>}
            placeholder="jump.example.com"
            hint={index === 0 ? "Reachable from this service" : `Reachable from jump host ${index}`}
          />
          <TextField name={fieldOf(index, "port")} label={<HopLabel number={number}>Port</HopLabel>} placeholder="22" inputMode="numeric" />
        </FieldRow>
        <TextField name={fieldOf(index, "user")} label={<HopLabel number={number}>User</HopLabel>} placeholder="dynamiq" />
        <div>
          <Button
            variant="link"
            size="sm"
            // Lined up with the fields, and free to wrap on a narrow phone.
            className="h-auto min-h-8 px-0 text-left whitespace-normal"
            aria-expanded={ownShown}
            aria-controls={ownId}
            onClick={() => setChosen(!ownShown)}
          >
            <ChevronRight aria-hidden className={cn("transition-transform", ownShown && "rotate-90")} />
            <HopLabel number={number}>Own key and pinned host key (optional)</HopLabel>
          </Button>
        </div>
        {/* Hidden, not unmounted: what was typed stays in the form and is sent. */}
        <div id={ownId} hidden={!ownShown} className="space-y-4">
          {keyKept ? (
            <CheckboxField
              name={fieldOf(index, "use_tunnel_key")}
              label={<HopLabel number={number}>Log in with the tunnel&apos;s key instead</HopLabel>}
              hint="Forgets this jump host's stored key and passphrase when you save"
            />
          ) : null}
          <div hidden={useTunnelKey} className="space-y-4">
            <TextAreaField
              name={fieldOf(index, "private_key")}
              label={<HopLabel number={number}>Private key</HopLabel>}
              rows={3}
              placeholder="Paste the key file: -----BEGIN … PRIVATE KEY----- …"
              hint={keyKept ? KEPT_HINT : "Blank: it logs in with the tunnel's private key (below). Write-only: it is never shown again"}
            />
            <KeyFilePicker name={fieldOf(index, "private_key")} label={<HopLabel number={number}>Choose key file</HopLabel>} />
            <SecretField
              name={fieldOf(index, "private_key_passphrase")}
              label={<HopLabel number={number}>Private key passphrase</HopLabel>}
              stored={same && stored.paths.has(`ssh_tunnel.jump_hosts.${index}.private_key_passphrase`)}
              hint="Only for an encrypted key of its own"
            />
          </div>
          <TextField
            name={fieldOf(index, "host_key_fingerprint")}
            label={<HopLabel number={number}>Pinned host key (optional)</HopLabel>}
            placeholder="SHA256:…"
            hint="Blank: the key seen on the first successful connection is pinned"
          />
        </div>
      </div>
    </li>
  );
}
