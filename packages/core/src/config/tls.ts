import type { z } from "zod";

// A client certificate without its key (or the reverse) can never authenticate.
export function certAndKeyTogether(ctx: z.core.ParsePayload<{ cert?: string | undefined; key?: string | undefined }>): void {
  const { cert, key } = ctx.value;
  if ((cert === undefined) !== (key === undefined)) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: [cert === undefined ? "cert" : "key"],
      message: "cert and key must be given together (client certificate authentication)",
    });
  }
}
