import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pluginFiles } from "../src/integrations/claude-code/plugin-files.ts";

/**
 * Writes integrations/claude-code-plugin/ (manifest, hooks.json, commands) from the code
 * that `baton install claude-code` uses; a test fails when the folder is out of date.
 * Run: node scripts/write-claude-plugin.ts
 */
const ROOT = resolve(import.meta.dirname, "..");
const PLUGIN = join(ROOT, "integrations/claude-code-plugin");
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
};
for (const [path, content] of Object.entries(pluginFiles(version))) {
  mkdirSync(dirname(join(PLUGIN, path)), { recursive: true });
  writeFileSync(join(PLUGIN, path), content);
  console.log(`wrote integrations/claude-code-plugin/${path}`);
}
