import { Cable } from "lucide-react";
import type { SignedInUser } from "@connections/api";
import { NavLinks } from "./nav-links.tsx";
import { UserMenu } from "./user-menu.tsx";

/** The bar on every page: the product, its sections and, once signed in, the user's menu. */
export function TopNav({ user }: { user: SignedInUser | null }) {
  return (
    <header className="sticky top-0 z-30 border-b bg-background/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-3 sm:gap-4 sm:px-4">
        <a href={user ? "/connections" : "/"} className="flex items-center gap-2 font-semibold text-foreground no-underline">
          <Cable aria-hidden className="size-5 text-primary" />
          <span className="max-sm:sr-only">Connections</span>
        </a>
        {user ? (
          <>
            <NavLinks />
            <div className="ml-auto">
              <UserMenu email={user.email} />
            </div>
          </>
        ) : null}
      </div>
    </header>
  );
}
