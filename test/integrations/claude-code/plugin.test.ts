import { accessSync, constants, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { pluginFiles } from "../../../src/integrations/claude-code/plugin-files.ts";
import { CLAUDE_HOOK_EVENTS } from "../../../src/integrations/claude-code/run-claude-hook.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const PLUGIN = join(ROOT, "integrations/claude-code-plugin");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(PLUGIN, join(entry.parentPath, entry.name)))
    .sort();
}

describe("the Claude Code plugin folder", () => {
  it("has a valid manifest named baton with the package's version", () => {
    const manifest = JSON.parse(readFileSync(join(PLUGIN, ".claude-plugin/plugin.json"), "utf8"));
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "baton", version: pkg.version });
    expect(manifest.description.length).toBeGreaterThan(0);
  });

  it("has valid hooks.json with one command hook per event, through CLAUDE_PLUGIN_ROOT", () => {
    const { hooks } = JSON.parse(readFileSync(join(PLUGIN, "hooks/hooks.json"), "utf8"));
    expect(Object.keys(hooks).sort()).toEqual([...CLAUDE_HOOK_EVENTS].sort());
    for (const event of CLAUDE_HOOK_EVENTS) {
      expect(hooks[event]).toEqual([
        {
          hooks: [
            {
              type: "command",
              command: `"\${CLAUDE_PLUGIN_ROOT}/hooks/baton-hook.sh" ${event}`,
              timeout: expect.any(Number),
            },
          ],
        },
      ]);
    }
    accessSync(join(PLUGIN, "hooks/baton-hook.sh"), constants.X_OK);
  });

  it("is what scripts/write-claude-plugin.ts writes (run it after changing the commands or hooks)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const expected = pluginFiles(pkg.version);
    expect(filesUnder(PLUGIN)).toEqual([...Object.keys(expected), "hooks/baton-hook.sh"].sort());
    for (const [path, content] of Object.entries(expected)) {
      expect(readFileSync(join(PLUGIN, path), "utf8"), path).toBe(content);
    }
  });

  it("has the three commands, each calling plain baton", () => {
    for (const name of ["handoff", "handoff-resume", "handoff-list"]) {
      const text = readFileSync(join(PLUGIN, "commands", `${name}.md`), "utf8");
      expect(text).toMatch(/^---\ndescription: /);
      expect(text).toMatch(/`?baton (create|resume|list)/);
    }
  });
});
