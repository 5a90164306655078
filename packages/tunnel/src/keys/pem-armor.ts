// PEM armour (RFC 7468: "-----BEGIN <label>-----" … "-----END <label>-----"), read and written in
// one place for every key format that uses it.
const DASHES = "-".repeat(5);

/** A pattern matching the BEGIN line of a label; `label` is a regular-expression fragment. */
export function pemBeginPattern(label: string): RegExp {
  return new RegExp(`${DASHES}BEGIN ${label}${DASHES}`);
}

/** The BEGIN line of a label, as text to show a person. */
export function pemBeginLine(label: string): string {
  return `${DASHES}BEGIN ${label}${DASHES}`;
}

/** The base64 body between a label's BEGIN and END lines, decoded; undefined without that armour. */
export function pemBody(text: string, label: string): Buffer | undefined {
  const body = new RegExp(`${DASHES}BEGIN ${label}${DASHES}([\\s\\S]*?)${DASHES}END ${label}${DASHES}`).exec(text)?.[1];
  return body === undefined ? undefined : Buffer.from(body.replace(/\s+/g, ""), "base64");
}

/** DER bytes armoured under a label, base64 in lines of `width` characters. */
export function pemText(label: string, der: Buffer, width = 64): string {
  const lines = der.toString("base64").match(new RegExp(`.{1,${width}}`, "g")) ?? [];
  return `${pemBeginLine(label)}\n${lines.join("\n")}\n${DASHES}END ${label}${DASHES}\n`;
}
