// Loads Prisma's schema engine from @prisma/schema-engine-wasm. The Prisma CLI only runs the
// native engine, which it downloads; the wasm build needs no download. Node 20 cannot import
// .wasm modules, so the module is instantiated by hand against its wasm-bindgen glue.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { DEBUG } from "./env.mjs";

const require = createRequire(import.meta.url);

let gluePromise;

async function loadGlue() {
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  // The engine reports Rust panics through this global; without it a panic hides its message.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => console.error(`schema engine panic: ${message}`) };
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dirname(gluePath), "schema_engine_bg.wasm")), {
    "./schema_engine_bg.js": glue,
  });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

export async function openSchemaEngine(schemaFiles, adapterFactory) {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  return glue.SchemaEngine.new(
    { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
    (log) => DEBUG && console.error(log),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
