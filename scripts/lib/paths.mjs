import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DATA_DIR = `${ROOT}data`;
export const LOCAL_ENV_FILE = `${DATA_DIR}/local.env`;
export const DEMO_CREDENTIALS_FILE = `${DATA_DIR}/demo-credentials.txt`;
export const CLI_ENTRY = `${ROOT}packages/api/src/cli/main.ts`;
/** The CLI bundled by packages/api/scripts/build-cli.mjs, and the list of what it was built from. */
export const CLI_BUNDLE = `${ROOT}packages/api/dist/cli.mjs`;
export const CLI_MANIFEST = `${ROOT}packages/api/dist/cli.manifest.json`;
