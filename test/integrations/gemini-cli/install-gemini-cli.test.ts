import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton install gemini-cli`, `uninstall` and `doctor` on real files: what is kept, what is
 * refused, what a dry run leaves alone. That Gemini CLI runs what is installed is proven in
 * test/live/gemini-cli-integration.test.ts.
 */
let repo: TempRepo;
let home: string;
let geminiDir: string;

const USER_SETTINGS = {
  security: { auth: { selectedType: "gemini-api-key" } },
  hooks: {
    // Settings of the hook system beside the events, which Gemini skips as events.
    enabled: true,
    disabled: ["notify-me"],
    SessionStart: [{ matcher: "startup", hooks: [{ type: "command", command: "notify-me" }] }],
  },
  mcpServers: { other: { command: "other-server", args: ["--flag"] } },
  model: { compressionThreshold: 0.7 },
};

beforeEach(() => {
  repo = makeTempRepo();
  home = makeTempDir("baton-gemini-install-");
  geminiDir = join(home, "gemini-home", ".gemini");
  mkdirSync(geminiDir, { recursive: true });
});
afterEach(() => {
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

function run(...args: string[]) {
  return runInProcess(args, {
    cwd: repo.dir,
    env: { HOME: home, GEMINI_CLI_HOME: join(home, "gemini-home") },
    now: new Date("2026-12-06T12:00:00Z"),
  });
}

const settingsPath = () => join(geminiDir, "settings.json");
const readSettings = () => JSON.parse(readFileSync(settingsPath(), "utf8"));

describe("baton install gemini-cli", () => {
  it("merges into the user's settings.json, keeping the rest; again changes nothing; uninstall gives them back", async () => {
    const original = `${JSON.stringify(USER_SETTINGS, null, 2)}\n`;
    writeFileSync(settingsPath(), original);
    const installed = await run("install", "gemini-cli", "--scope", "user");
    expect(installed.code, installed.stderr).toBe(0);

    const settings = readSettings();
    expect(settings.security).toEqual(USER_SETTINGS.security);
    expect(settings.model).toEqual(USER_SETTINGS.model);
    expect(settings.mcpServers.other).toEqual(USER_SETTINGS.mcpServers.other);
    expect(settings.mcpServers.baton.args.at(-1)).toBe("mcp");
    expect(settings.hooks.SessionStart[0]).toEqual(USER_SETTINGS.hooks.SessionStart[0]);
    expect(settings.hooks.disabled).toEqual(["notify-me"]);
    // No matcher: Gemini compares a lifecycle matcher by equality, and baton wants every source.
    expect(settings.hooks.SessionStart[1].matcher).toBeUndefined();
    const [handler] = settings.hooks.SessionStart[1].hooks;
    expect(handler).toMatchObject({ type: "command", name: "baton-SessionStart", timeout: 10_000 });
    expect(handler.command).toContain("hook-main.ts gemini-cli SessionStart");
    expect(Object.keys(settings.hooks).sort()).toEqual([
      "AfterAgent",
      "BeforeAgent",
      "PreCompress",
      "SessionStart",
      "disabled",
      "enabled",
    ]);
    expect(settings.hooks.PreCompress[0].hooks[0].timeout).toBe(60_000);
    // The file as it was, beside it.
    const backups = readdirSync(geminiDir).filter((name) => name.endsWith(".baton-backup"));
    expect(backups).toEqual(["settings.json.20261206T120000Z.baton-backup"]);
    expect(readFileSync(join(geminiDir, backups[0] ?? ""), "utf8")).toBe(original);
    const command = readFileSync(join(geminiDir, "commands/handoff.toml"), "utf8");
    expect(command).toContain("create --trigger command --stdin --from gemini-cli --latest");
    expect(command).toMatch(/^prompt = '''$/m);

    const again = await run("install", "gemini-cli", "--scope", "user");
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^(create|update|backup)/m);

    const doctor = await run("doctor", "--json");
    const gemini = JSON.parse(doctor.stdout).agents.find(
      (agent: { id: string }) => agent.id === "gemini-cli",
    );
    const user = gemini.installed.find((scope: { scope: string }) => scope.scope === "user");
    expect(user).toMatchObject({
      installed: true,
      detail: "4 of 4 hooks, MCP server",
      problems: [],
    });

    const removed = await run("uninstall", "gemini-cli", "--scope", "user");
    expect(removed.code, removed.stderr).toBe(0);
    expect(readSettings()).toEqual(USER_SETTINGS);
    expect(existsSync(join(geminiDir, "commands/handoff.toml"))).toBe(false);
  });

  it("a dry run writes nothing and shows the hooks", async () => {
    const dry = await run("install", "gemini-cli", "--scope", "project", "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr + dry.stdout).toContain("PreCompress:");
    expect(existsSync(join(repo.dir, ".gemini"))).toBe(false);
  });

  it("keeps a handoff.toml that is not baton's, and refuses settings it cannot parse", async () => {
    mkdirSync(join(repo.dir, ".gemini/commands"), { recursive: true });
    writeFileSync(join(repo.dir, ".gemini/commands/handoff.toml"), 'prompt = "mine"\n');
    const installed = await run("install", "gemini-cli", "--scope", "project");
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/skip\s+.*handoff\.toml/);
    expect(readFileSync(join(repo.dir, ".gemini/commands/handoff.toml"), "utf8")).toBe(
      'prompt = "mine"\n',
    );
    const removed = await run("uninstall", "gemini-cli", "--scope", "project");
    expect(removed.code).toBe(0);
    expect(existsSync(join(repo.dir, ".gemini/commands/handoff.toml"))).toBe(true);

    // Gemini reads settings.json with comments; baton would lose them rewriting it.
    const commented = '{\n  // mine\n  "model": {}\n}\n';
    writeFileSync(settingsPath(), commented);
    const refused = await run("install", "gemini-cli", "--scope", "user");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("is not valid JSON");
    expect(readFileSync(settingsPath(), "utf8")).toBe(commented);
  });

  it("doctor names hooks that run a baton that is not there, and missing events", async () => {
    await run("install", "gemini-cli", "--scope", "project");
    const path = join(repo.dir, ".gemini/settings.json");
    const settings = JSON.parse(readFileSync(path, "utf8"));
    delete settings.hooks.AfterAgent;
    for (const groups of Object.values(settings.hooks) as { hooks: { command: string }[] }[][]) {
      for (const handler of groups[0]?.hooks ?? []) {
        handler.command = handler.command.replace(/^\S+/, "/gone/bin/node");
      }
    }
    writeFileSync(path, JSON.stringify(settings));
    const doctor = await run("doctor", "--json");
    const problems = JSON.parse(doctor.stdout).problems.map(
      (entry: { problem: string }) => entry.problem,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        "Gemini CLI (project): baton's AfterAgent hooks are missing",
        expect.stringMatching(/Gemini CLI \(project\): the hooks run \/gone\/bin\/node/),
      ]),
    );
  });
});
