import { createElement, isValidElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { diagnosisSchema, type StageResult } from "@connections/core";
import { StageList } from "../../app/connections/stage-list.tsx";
import { seriousAxeViolations } from "../support/axe.ts";
import { launchBrowser } from "../support/browser.ts";

// A test through jump hosts repeats the SSH stages once per server (SPEC §10): the stage list
// shows each run under its server's name, and the repeated names keep React's keys apart.

const SSH_STAGES = ["dns", "tcp", "ssh_handshake", "host_key", "ssh_auth"] as const;
const jump = { index: 1, host: "jump.example.com" };
const bastion = { index: 2, host: "bastion.example.com" };

// Checked against the diagnosis schema, so the list is fed what the API sends.
const diagnosis = diagnosisSchema.parse({
  ok: false,
  stages: [
    ...SSH_STAGES.map((name) => ({ name, status: "ok", duration_ms: 3, hop: jump })),
    ...SSH_STAGES.slice(0, 4).map((name) => ({ name, status: "ok", duration_ms: 4, hop: bastion })),
    {
      name: "ssh_auth",
      status: "failed",
      duration_ms: 5,
      hop: bastion,
      code: "SSH_AUTH_FAILED",
      message: "bastion.example.com refused the key",
      hint: "Add the authorized_keys line on the bastion",
    },
    { name: "forward", status: "skipped", duration_ms: 0, hop: bastion, skip_reason: "earlier_failure" },
    { name: "db_tls", status: "skipped", duration_ms: 0, skip_reason: "earlier_failure" },
    { name: "db_auth", status: "skipped", duration_ms: 0, skip_reason: "earlier_failure" },
    { name: "query", status: "skipped", duration_ms: 0, skip_reason: "earlier_failure" },
  ],
  jump_host_key_fingerprints: ["SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"],
});

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});
/** The keys used twice among one element's children, anywhere in the tree (a server render does not warn of them). */
function repeatedKeys(node: unknown): string[] {
  if (Array.isArray(node)) {
    const keys = node.flatMap((child) => (isValidElement(child) && child.key !== null ? [child.key] : []));
    return [...keys.filter((key, index) => keys.indexOf(key) !== index), ...node.flatMap(repeatedKeys)];
  }
  if (!isValidElement(node)) return [];
  return repeatedKeys((node.props as { children?: unknown }).children);
}

/** The list as React renders it, parsed by a real browser (without the app's styles). */
async function render(stages: readonly StageResult[], bastionHop?: number): Promise<Page> {
  const html = renderToStaticMarkup(createElement(StageList, { stages, label: "Test result", bastionHop }));
  await page.setContent(`<!doctype html><html lang="en"><head><title>Stages</title></head><body><main>${html}</main></body></html>`);
  return page;
}

/** Each hop group: its heading, its list's name, and its stages as name:status. */
function groupsOf(shown: Page) {
  return shown
    .locator("li[data-hop]")
    .evaluateAll((groups) =>
      groups.map((group) => [
        group.querySelector("p")!.textContent,
        group.querySelector("ol")!.getAttribute("aria-label"),
        Array.from(group.querySelectorAll("li[data-stage]")).map(
          (li) => `${li.getAttribute("data-stage")}:${li.getAttribute("data-status")}`,
        ),
      ]),
    );
}

describe("the stage list of a test through a jump host", () => {
  it("groups each server's stages under its name, the bastion's with forward, then the database's", async () => {
    const shown = await render(diagnosis.stages);
    expect(await groupsOf(shown)).toEqual([
      ["Jump host 1 · jump.example.com", "Jump host 1 · jump.example.com", SSH_STAGES.map((name) => `${name}:ok`)],
      [
        "Bastion · bastion.example.com",
        "Bastion · bastion.example.com",
        [...SSH_STAGES.slice(0, 4).map((name) => `${name}:ok`), "ssh_auth:failed", "forward:skipped"],
      ],
    ]);
    // The database's stages stay in the outer list, after the bastion's group.
    const outer = shown.locator("ol[aria-label='Test result'] > li");
    expect(
      await outer.evaluateAll((items) => items.map((li) => li.getAttribute("data-stage") ?? `hop ${li.getAttribute("data-hop")}`)),
    ).toEqual(["hop 1", "hop 2", "db_tls", "db_auth", "query"]);
    const failed = await shown.locator("li[data-status='failed']").innerText();
    expect(failed).toContain("SSH_AUTH_FAILED");
    expect(failed).toContain("Add the authorized_keys line on the bastion");
    // Stage names repeat across hops; React's keys must not, among the children of one list.
    expect(repeatedKeys(StageList({ stages: diagnosis.stages, label: "Test result" }))).toEqual([]);
    expect(await seriousAxeViolations(shown)).toEqual([]);
  });

  it("names the bastion from the caller while a test streams, before forward tells it", async () => {
    const streaming = diagnosis.stages.slice(0, 7);
    expect(await (await render(streaming, 2)).locator("li[data-hop] > p").allTextContents()).toEqual([
      "Jump host 1 · jump.example.com",
      "Bastion · bastion.example.com",
    ]);
  });

  it("stays one flat list for a tunnel without jump hosts", async () => {
    const direct = diagnosis.stages.map(({ hop: _hop, ...stage }) => stage).slice(5);
    const shown = await render(direct);
    expect(await shown.locator("li[data-hop]").count()).toBe(0);
    expect(await shown.locator("ol[aria-label='Test result'] > li[data-stage]").count()).toBe(direct.length);
  });
});
