import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_BIN, PROJECT_ROOT } from "../../cli/run-baton.ts";

/**
 * OpenCode loads baton's plugin under Bun, which has no `node:sqlite`: a static import of it
 * anywhere in the plugin's module graph stops the plugin from loading at all (the live tests
 * then see no tool). Loaded here under Node with `node:sqlite` refused, as Bun would.
 */
const WITHOUT_SQLITE = `
import { registerHooks } from "node:module";
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "node:sqlite" || specifier === "sqlite") throw new Error("no node:sqlite here");
    return next(specifier, context);
  },
});
const plugin = await import(${JSON.stringify(join(PROJECT_ROOT, "src/integrations/opencode/plugin.ts"))});
console.log(typeof plugin.default);
`;

describe("baton's OpenCode plugin", () => {
  it("loads without node:sqlite, as under OpenCode's Bun", () => {
    const run = spawnSync(NODE_BIN, ["--input-type=module", "-e", WITHOUT_SQLITE], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toMatch(/^(object|function)$/);
  });
});
