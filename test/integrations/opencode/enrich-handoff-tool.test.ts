import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ToolContext } from "@opencode-ai/plugin";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/parse-document.ts";
import { enrichHandoffTool } from "../../../src/integrations/opencode/enrich-handoff-tool.ts";
import type { PluginContext } from "../../../src/integrations/opencode/plugin-context.ts";
import { checkSignature } from "../../../src/safety/sign-handoff.ts";
import { runInProcess, testEnv } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * The plugin's `enrich_handoff` as OpenCode calls it: its `execute` on a real repository
 * and store (it talks to no OpenCode server, so none is started; the live plugin test
 * covers the plugin's loading and tool listing).
 */
let repo: TempRepo;
let config: string;

beforeEach(() => {
  repo = makeTempRepo({ branch: "feat/oc" });
  config = makeTempDir("baton-oc-config-");
  repo.write("src/a.ts", "export const a = 1;\n");
});
afterEach(() => {
  repo.cleanup();
  rmSync(config, { recursive: true, force: true });
});

function tool() {
  const context = {
    directory: repo.dir,
    env: testEnv({ XDG_CONFIG_HOME: config }),
  } as unknown as PluginContext;
  return enrichHandoffTool(context);
}

async function compactHandoff(configHome: string): Promise<string> {
  const run = await runInProcess(["create", "--trigger", "compact"], {
    cwd: repo.dir,
    env: { XDG_CONFIG_HOME: configHome },
  });
  expect(run.code, run.stderr).toBe(0);
  return join(repo.dir, run.stdout.trim());
}

const read = (path: string) => parseDocument(readFileSync(path, "utf8"), { path });
const noContext = {} as ToolContext;

describe("OpenCode enrich_handoff", () => {
  it("fills the marked sections of the newest open handoff as claims, re-signed, status kept", async () => {
    const path = await compactHandoff(config);
    const before = read(path);
    const answer = await tool().execute(
      { sections: "## Goal\nPort the parser\n\n## Open Questions\n- Keep the old flag?\n" },
      noContext,
    );
    expect(answer).toContain(`Handoff ${before.id} enriched`);
    expect(answer).toContain("Filled: Goal, Open Questions.");
    const after = read(path);
    expect(after.sections.goal).toEqual({ text: "Port the parser", provenance: "claimed" });
    expect(after.sections.openQuestions?.[0]?.text).toBe("Keep the old flag?");
    expect(after.status).toBe("open");
    expect(checkSignature(after).state).toBe("signed");
    expect(after.signature?.key).toBe(before.signature?.key);
  });

  it("refuses another machine's handoff with a tool error, and leaves the file as it was", async () => {
    const path = await compactHandoff(join(config, "elsewhere"));
    const text = readFileSync(path, "utf8");
    await expect(tool().execute({ sections: "## Goal\nX\n" }, noContext)).rejects.toThrow(
      /signed elsewhere/,
    );
    expect(readFileSync(path, "utf8")).toBe(text);
  });
});
