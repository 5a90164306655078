const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Dec 4, 12:31 UTC" (with `seconds`, 12:31:07): formatted by hand, in UTC, so the server's render and the browser's agree. */
export function utcTime(iso: string, { seconds = false } = {}): string {
  const date = new Date(iso);
  const time = iso.slice(11, seconds ? 19 : 16);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${time} UTC`;
}
