import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Connections" };

// Every page is rendered per request, so each gets the nonce of its CSP (proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
