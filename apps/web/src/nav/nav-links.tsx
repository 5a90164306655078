"use client";

import { Database, MessagesSquare, ScrollText, Waypoints } from "lucide-react";
import { usePathname } from "next/navigation";
import { cn } from "~/ui/cn.ts";

const LINKS = [
  { href: "/connections", label: "Connections", icon: Database },
  { href: "/chat", label: "Chat", icon: MessagesSquare },
  { href: "/tunnels", label: "Tunnels", icon: Waypoints },
  { href: "/audit", label: "Audit", icon: ScrollText },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.map(({ href, label, icon: Icon }) => {
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <a
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium no-underline",
              current ? "bg-muted text-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
            )}
          >
            <Icon aria-hidden className="size-4 max-sm:hidden" />
            {label}
          </a>
        );
      })}
    </nav>
  );
}
