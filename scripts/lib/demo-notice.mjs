// What `npm start` says about the demo: where its credentials are, never the credentials.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { ROOT } from "./paths.mjs";

/**
 * `demo` is the output of `cli db seed`, `defaultFile` where the first start wrote the credentials,
 * `keyNotice` where a master key was generated (or null).
 */
export function demoNotice({ demo, url, defaultFile, keyNotice }) {
  const file = demo.credentials_file ?? (existsSync(defaultFile) ? defaultFile : null);
  const shown = file && (relative(ROOT, file).startsWith("..") ? file : relative(ROOT, file));
  const where = demo.credentials_file
    ? `written to ${shown} (readable only by you)`
    : file
      ? `in ${shown}, written when the demo was created (later starts change nothing)`
      : "not kept: run `npm run -s cli -- users reset-password demo@connections.local` for a new password";
  return `  Demo sign-in:   ${demo.user.email} — password and access key ${where}
  Demo project:   ${demo.project.id}
  API:            ${url}/v1/connections   (OpenAPI: ${url}/v1/openapi.json)
${keyNotice ? `  ${keyNotice}\n` : ""}
Try it:
  set -a; . ${shown ?? "data/demo-credentials.txt"}; set +a
  curl -s ${url}/v1/connections -H "Authorization: Bearer $DYNAMIQ_ACCESS_KEY" | jq`;
}
