import { SESSION_COOKIE } from "@connections/api";
import { target } from "./fixtures.ts";

export type SignInOutcome = { cookie: string } | { error: string };

function unescapeHtml(text: string): string {
  return text.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/**
 * Signs in through the built server's own sign-in page, as a browser without JavaScript does: the
 * page's form (with the hidden fields React puts there for its server action) posted back. Returns
 * the session cookie on success, or the message the page shows.
 */
export async function signInThroughForm(email: string, password: string): Promise<SignInOutcome> {
  const { baseUrl } = target();
  const page = await (await fetch(`${baseUrl}/sign-in`)).text();
  const form = /<form[^>]*>(.*?)<\/form>/s.exec(page)?.[1];
  if (!form) throw new Error("the sign-in page has no form");
  const body = new FormData();
  for (const input of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) body.append(unescapeHtml(input[1]!), unescapeHtml(input[2] ?? ""));
  body.append("email", email);
  body.append("password", password);
  const response = await fetch(`${baseUrl}/sign-in`, { method: "POST", body, redirect: "manual", headers: { origin: baseUrl } });
  const cookie = new RegExp(`${SESSION_COOKIE}=[^;]+`).exec(response.headers.get("set-cookie") ?? "")?.[0];
  if (response.status === 303 && cookie) return { cookie };
  const error = /id="sign-in-error"[^>]*>([^<]*)</.exec(await response.text())?.[1];
  if (!error) throw new Error(`sign-in answered ${response.status} with neither a session nor a message`);
  return { error: unescapeHtml(error) };
}
