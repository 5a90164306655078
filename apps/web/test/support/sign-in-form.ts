import { requestFrom } from "./request-from.ts";

export interface SignInAnswer {
  /** The session cookie's value when signed in. */
  session: string | null;
  /** The message the sign-in page shows, when it shows one. */
  message: string | null;
}

const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/**
 * Signs in as a browser without JavaScript does: reads the sign-in page's form (the server action's
 * hidden fields) and posts it with the email and password; the answer is the page the server
 * renders back, with its message, or a redirect with the session cookie.
 */
export async function signInThroughForm(
  baseUrl: string,
  from: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInAnswer> {
  const page = await requestFrom(from, `${baseUrl}/sign-in`, { method: "GET" });
  const form = new FormData();
  for (const [, name, value] of page.text.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g))
    form.append(decode(name!), decode(value ?? ""));
  form.append("email", email);
  form.append("password", password);
  const encoded = new Response(form);
  const answer = await requestFrom(from, `${baseUrl}/sign-in`, {
    method: "POST",
    headers: { ...headers, "content-type": encoded.headers.get("content-type")!, origin: baseUrl },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  const cookies = [answer.headers["set-cookie"] ?? []].flat();
  const session = cookies.map((c) => /^connections_session=([^;]+)/.exec(c)?.[1]).find(Boolean) ?? null;
  const message = /<p id="sign-in-error" role="alert"[^>]*>([^<]*)<\/p>/.exec(answer.text)?.[1];
  return { session, message: message === undefined ? null : decode(message) };
}
