import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DATA_DIR = `${ROOT}data`;
export const LOCAL_ENV_FILE = `${DATA_DIR}/local.env`;
export const DEMO_CREDENTIALS_FILE = `${DATA_DIR}/demo-credentials.txt`;
export const CLI_ENTRY = `${ROOT}packages/api/src/cli/main.ts`;
