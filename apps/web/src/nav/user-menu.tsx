"use client";

import { CircleUser, LogOut } from "lucide-react";
import { Button } from "~/ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/ui/dropdown-menu.tsx";

/** The signed-in user's menu; Sign out posts a form, so it works before the page's scripts load too. */
export function UserMenu({ email }: { email: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Account: ${email}`}>
          <CircleUser aria-hidden className="size-5!" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>Signed in as</DropdownMenuLabel>
        <DropdownMenuLabel className="pt-0 text-sm text-foreground">{email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <form action="/sign-out" method="post">
          {/* Kept open on select: closing unmounts the form before the browser submits it. */}
          <DropdownMenuItem asChild onSelect={(event) => event.preventDefault()}>
            <button type="submit">
              <LogOut aria-hidden />
              Sign out
            </button>
          </DropdownMenuItem>
        </form>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
