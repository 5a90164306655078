import { connection } from "next/server";
import type { ReactNode } from "react";
import { TopNav } from "~/nav/top-nav.tsx";
import { currentUser } from "~/server/session.ts";
import { Toaster } from "~/ui/toast.tsx";
import "./globals.css";

export const metadata = { title: "Connections" };
export const viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1120" },
  ],
};

// Every page is rendered per request, so each gets the nonce of its CSP (proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="bg-background text-foreground antialiased">
        <TopNav user={user} />
        {children}
        <Toaster />
      </body>
    </html>
  );
}
