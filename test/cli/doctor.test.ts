import { readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { PROJECT_ROOT, runInProcess } from "./run-baton.ts";

/**
 * `baton doctor` on a real repository with baton really installed into Claude Code and
 * OpenCode (project scope), the real agent binaries of node_modules/.bin on PATH, then with
 * one integration broken the way a moved baton breaks it.
 */

let repo: TempRepo;
let home: string;
beforeEach(() => {
  repo = makeTempRepo({ branch: "feat/doctor" });
  home = makeTempDir("baton-doctor-home-");
});
afterEach(() => repo.cleanup());

const env = () => ({
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  CLAUDE_CONFIG_DIR: join(home, ".claude"),
  PATH: `${join(PROJECT_ROOT, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
});
const baton = (...args: string[]) => runInProcess(args, { cwd: repo.dir, env: env() });

describe("baton doctor", () => {
  it("reports versions, agents, what is installed and the open handoffs; exit 0 when all is well", async () => {
    expect((await baton("install", "claude-code")).code).toBe(0);
    expect((await baton("install", "opencode")).code).toBe(0);
    expect((await baton("create", "--goal", "Check the doctor", "--next", "Run it")).code).toBe(0);

    const run = await baton("doctor");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`Node     ${process.version}`);
    const version = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).version;
    expect(run.stdout).toContain(`baton    ${version}`);
    expect(run.stdout).toContain("branch feat/doctor");
    expect(run.stdout).toMatch(/handoffs docs\/handoffs: 1 open: \S+ \(open, feat\/doctor\)/);
    const claude = JSON.parse(
      readFileSync(
        join(PROJECT_ROOT, "node_modules/@anthropic-ai/claude-code/package.json"),
        "utf8",
      ),
    ).version;
    expect(run.stdout).toMatch(new RegExp(`Claude Code +${claude.replace(/\./g, "\\.")} \\(`));
    expect(run.stdout).toContain(
      "installed (project): 5 of 5 hooks in .claude/settings.json, would run",
    );
    expect(run.stdout).toContain(
      "installed (project): plugin in .opencode/plugins/baton.js, would run",
    );
    expect(run.stdout).toContain("Codex");
    expect(run.stdout).toContain("No problems found.");
    // The project files name this machine's paths: doctor says not to commit them.
    expect(run.stdout).toMatch(
      /\.claude\/settings\.json names this machine's paths .*do not commit it/,
    );

    const json = JSON.parse((await baton("doctor", "--json")).stdout);
    expect(json.problems).toEqual([]);
    expect(json.agents.find((a: { id: string }) => a.id === "opencode")).toMatchObject({
      found: true,
      installed: [
        { scope: "project", installed: true },
        { scope: "user", installed: false },
      ],
    });
  });

  it("names a broken integration and a broken handoff with their fixes, and exits 1", async () => {
    expect((await baton("install", "opencode")).code).toBe(0);
    const plugin = join(repo.dir, ".opencode/plugins/baton.js");
    // What a baton moved or removed after install leaves behind: an import of a missing file.
    const moved = join(makeTempDir("baton-moved-"), "plugin.js");
    writeFileSync(
      plugin,
      readFileSync(plugin, "utf8").replace(/from ".*";/, `from ${JSON.stringify(moved)};`),
    );
    repo.write("docs/handoffs/2026-01-01-broken.md", "no frontmatter here\n");

    const run = await baton("doctor");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "installed (project): plugin in .opencode/plugins/baton.js, BROKEN",
    );
    expect(run.stdout).toContain(
      `✗ OpenCode (project): the plugin imports ${moved}, which is not there (baton moved or was removed)\n    fix: baton install opencode --scope project`,
    );
    expect(run.stdout).toMatch(
      /✗ docs\/handoffs\/2026-01-01-broken\.md is broken: .*missing YAML frontmatter/,
    );
    expect(run.stdout).toContain("2 problems:");

    // The fix it names fixes it.
    expect((await baton("install", "opencode", "--scope", "project")).code).toBe(0);
    const after = await baton("doctor", "--json");
    const problems = JSON.parse(after.stdout).problems as { problem: string }[];
    expect(problems.some((p) => p.problem.startsWith("OpenCode"))).toBe(false);
  });
});
