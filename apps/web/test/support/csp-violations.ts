import type { Page } from "playwright-core";

/** CSP violations the page reports on its console, collected from the moment this is called. */
export function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}
