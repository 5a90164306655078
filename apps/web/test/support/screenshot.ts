import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";

// Tests may read the environment directly (tools/eslint/env-access.mjs).
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";

const SCREENSHOTS = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));

/**
 * Saves the README's screenshot of a page or an element, only when asked (UPDATE_SCREENSHOTS=1):
 * a test run leaves the tracked images alone.
 */
export async function saveScreenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!UPDATE_SCREENSHOTS) return;
  // A page scrolled down would show the sticky top bar halfway down a full-page image.
  if (options.fullPage && "goto" in target) await target.evaluate(() => window.scrollTo(0, 0));
  await target.screenshot({ path: `${SCREENSHOTS}${name}.png`, ...options });
}
