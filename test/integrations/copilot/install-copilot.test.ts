import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT, runInProcess } from "../../cli/run-baton.ts";
import { installAsProjectDependency } from "../../support/project-install.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton install copilot`, `uninstall copilot` and what `baton doctor` says of it, on real
 * files: what is kept, what is refused, what a dry run leaves alone. That Copilot runs what
 * install writes is proven in the real binary (test/live/copilot-integration.test.ts).
 */
let repo: TempRepo;
let home: string;
let copilotHome: string;

const OTHER_SERVERS = {
  mcpServers: { github: { type: "http", url: "https://example.test/mcp", tools: ["*"] } },
};

beforeEach(() => {
  repo = makeTempRepo({ branch: "feat/copilot" });
  home = makeTempDir("baton-copilot-install-");
  copilotHome = join(home, "copilot-home");
});
afterEach(() => {
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

function run(...args: string[]) {
  return runInProcess(args, {
    cwd: repo.dir,
    env: {
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      COPILOT_HOME: copilotHome,
      PATH: `${join(PROJECT_ROOT, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
    },
    now: new Date("2026-12-06T12:00:00Z"),
  });
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("baton install copilot", () => {
  it("writes the hook file, skills and MCP server under $COPILOT_HOME, keeping other servers; uninstall gives them back", async () => {
    mkdirSync(copilotHome, { recursive: true });
    writeFileSync(join(copilotHome, "mcp-config.json"), JSON.stringify(OTHER_SERVERS));
    const installed = await run("install", "copilot", "--scope", "user");
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).toContain("baton: installed");

    const hooks = readJson(join(copilotHome, "hooks/baton.json"));
    expect(hooks.version).toBe(1);
    for (const [event, handlers] of Object.entries(hooks.hooks)) {
      expect(handlers).toEqual([
        {
          type: "command",
          bash: expect.stringContaining(`hook-main.ts copilot ${event}`),
          timeoutSec: expect.any(Number),
        },
      ]);
    }
    expect(Object.keys(hooks.hooks)).toHaveLength(5);
    const mcp = readJson(join(copilotHome, "mcp-config.json"));
    expect(mcp.mcpServers.github).toEqual(OTHER_SERVERS.mcpServers.github);
    expect(mcp.mcpServers.baton).toEqual({
      type: "local",
      command: process.execPath,
      args: [join(PROJECT_ROOT, "src/cli/main.ts"), "mcp"],
      env: {},
      tools: ["*"],
    });
    const skill = readFileSync(join(copilotHome, "skills/handoff/SKILL.md"), "utf8");
    expect(skill).toMatch(/^---\nname: handoff\ndescription: /);
    expect(skill).toContain('--from copilot --session "$COPILOT_AGENT_SESSION_ID"');
    // The changed file was backed up as it was.
    expect(readJson(join(copilotHome, "mcp-config.json.20261206T120000Z.baton-backup"))).toEqual(
      OTHER_SERVERS,
    );

    const again = await run("install", "copilot", "--scope", "user");
    expect(again.stdout).not.toMatch(/^(create|update)/m);
    expect(again.stdout).toMatch(/unchanged\s+.*hooks\/baton\.json/);

    const removed = await run("uninstall", "copilot", "--scope", "user");
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(copilotHome, "hooks/baton.json"))).toBe(false);
    expect(existsSync(join(copilotHome, "skills/handoff"))).toBe(false);
    expect(readJson(join(copilotHome, "mcp-config.json"))).toEqual(OTHER_SERVERS);
  });

  it("leaves files that are not baton's alone, and refuses an MCP config that is not JSON", async () => {
    const github = join(repo.dir, ".github");
    mkdirSync(join(github, "hooks"), { recursive: true });
    mkdirSync(join(github, "skills/handoff"), { recursive: true });
    const theirHooks = JSON.stringify({ version: 1, hooks: { sessionEnd: [{ bash: "notify" }] } });
    writeFileSync(join(github, "hooks/baton.json"), theirHooks);
    writeFileSync(join(github, "skills/handoff/SKILL.md"), "---\nname: handoff\n---\nmine\n");
    const installed = await run("install", "copilot");
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/skip\s+\.github\/hooks\/baton\.json/);
    expect(installed.stdout).toMatch(/skip\s+\.github\/skills\/handoff\/SKILL\.md/);
    expect(readFileSync(join(github, "hooks/baton.json"), "utf8")).toBe(theirHooks);
    const uninstalled = await run("uninstall", "copilot");
    expect(uninstalled.code, uninstalled.stderr).toBe(0);
    expect(readFileSync(join(github, "hooks/baton.json"), "utf8")).toBe(theirHooks);
    expect(readFileSync(join(github, "skills/handoff/SKILL.md"), "utf8")).toContain("mine");

    writeFileSync(join(github, "mcp.json"), "{ not json");
    const bad = await run("install", "copilot");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("mcp.json is not valid JSON");
    expect(existsSync(join(github, "skills/handoff-list"))).toBe(false);
  });

  it("a dry run writes nothing and names the files and hooks; --json says what would change", async () => {
    const dry = await run("install", "copilot", "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/create\s+\.github\/hooks\/baton\.json/);
    expect(dry.stdout).toMatch(/create\s+\.github\/mcp\.json/);
    expect(dry.stdout).toMatch(/create\s+\.github\/skills\/handoff-resume\/SKILL\.md/);
    expect(dry.stderr).toMatch(/preCompact: .*hook-main\.ts copilot preCompact/);
    expect(existsSync(join(repo.dir, ".github"))).toBe(false);
    const json = JSON.parse((await run("install", "copilot", "--dry-run", "--json")).stdout);
    expect(json.dryRun).toBe(true);
    expect(Object.keys(json.hooks)).toEqual([
      "sessionStart",
      "userPromptSubmitted",
      "agentStop",
      "preCompact",
      "sessionEnd",
    ]);
    expect(existsSync(join(repo.dir, ".github"))).toBe(false);
  });

  it("baton doctor sees the install, and names a moved baton with the fix", async () => {
    expect((await run("install", "copilot")).code).toBe(0);
    const ok = await run("doctor");
    expect(ok.stdout).toContain(
      "installed (project): 5 of 5 hooks in .github/hooks/baton.json, would run",
    );
    const path = join(repo.dir, ".github/hooks/baton.json");
    const moved = join(home, "gone", "hook-main.ts");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replaceAll(join(PROJECT_ROOT, "src/cli/hook-main.ts"), moved),
    );
    const broken = await run("doctor");
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      "installed (project): 5 of 5 hooks in .github/hooks/baton.json, BROKEN",
    );
    expect(broken.stdout).toContain(`the hooks run ${moved}, which is not there`);
    expect(broken.stdout).toContain("fix: baton install copilot --scope project");
    expect(readdirSync(join(repo.dir, ".github/hooks"))).toEqual(["baton.json"]);
  });
});

describe("the files of a project's own baton", () => {
  it("name no machine's paths: the hooks run under the project folder Copilot gives them, the server and skills by npx", async () => {
    const { copilotIntegration } = await import(
      "../../../src/integrations/copilot/copilot-integration.ts"
    );
    const env = {
      HOME: home,
      COPILOT_HOME: copilotHome,
      PATH: `${join(PROJECT_ROOT, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
    };
    await installAsProjectDependency(copilotIntegration, repo.dir, env, home);
    const written = [
      ".github/hooks/baton.json",
      ".github/mcp.json",
      ".github/skills/handoff/SKILL.md",
    ];
    const [hooksText, mcpText, skill] = written.map((path) =>
      readFileSync(join(repo.dir, path), "utf8"),
    );
    for (const text of [hooksText, mcpText, skill]) {
      expect(text).not.toContain("/elsewhere");
      expect(text).not.toContain(process.execPath);
    }
    const hooks = JSON.parse(hooksText ?? "{}");
    expect(hooks.hooks.sessionStart[0].bash).toMatch(
      /^node "\$\{COPILOT_PROJECT_DIR\}"\/node_modules\/agent-baton\/dist\/cli\/hook-main\.js copilot sessionStart \|\| /,
    );
    expect(JSON.parse(mcpText ?? "{}").mcpServers.baton).toMatchObject({
      command: "npx",
      args: ["baton", "mcp"],
    });
    expect(skill).toContain("npx baton create --trigger command --stdin --from copilot");
    // Until npm install brings the package, doctor names the script under the project, and
    // says nothing against committing the files.
    const [project] = await copilotIntegration.inspect({ root: repo.dir, env, homedir: home });
    expect(project?.problems.map((p) => p.problem)).toEqual([
      `the hooks run ${repo.dir}/node_modules/agent-baton/dist/cli/hook-main.js, which is not there (baton moved, was removed, or node was upgraded)`,
    ]);
    expect(project?.notes).toEqual([]);
  });
});
