// The project's own lint rules, loaded by eslint.config.mjs as the "connections" plugin.
import { noServerImportInClient } from "./rules/no-server-import-in-client.mjs";

export default {
  meta: { name: "connections" },
  rules: { "no-server-import-in-client": noServerImportInClient },
};
