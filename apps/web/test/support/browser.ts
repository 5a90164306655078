import { chromium, type Browser } from "playwright-core";

// Debian's chromium (Playwright cannot download its own here); flags keep it off the network.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CONNECTIONS_TEST_CHROMIUM ?? "/usr/bin/chromium",
    // Playwright gives each launch a fresh, temporary profile.
    args: CHROMIUM_ARGS,
  });
}
