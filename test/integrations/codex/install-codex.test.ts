import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton install codex` and `uninstall codex` on real files, with no Codex to ask (a
 * missing BATON_CODEX_BIN): what is kept, what is refused, what a dry run leaves alone.
 * Trust through the real Codex is proven in test/live/codex-integration.test.ts.
 */
let repo: TempRepo;
let home: string;
let codexDir: string;

const USER_CONFIG = `# my settings, with a comment kept
model = "gpt-5.5"

[mcp_servers.other]
command = "other-server"   # trailing comment
args = ["--flag"]

[profiles.fast]
model = "gpt-5.5-mini"
`;
const OTHER_HOOKS = {
  hooks: { Stop: [{ hooks: [{ type: "command", command: "notify-me", timeout: 3 }] }] },
};

beforeEach(() => {
  repo = makeTempRepo();
  home = makeTempDir("baton-codex-install-");
  codexDir = join(home, ".codex");
  mkdirSync(codexDir, { recursive: true });
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
      CODEX_HOME: codexDir,
      BATON_CODEX_BIN: join(home, "no-codex-here"),
    },
    now: new Date("2026-12-06T12:00:00Z"),
  });
}

describe("baton install codex", () => {
  it("merges into hooks.json and config.toml, keeping the rest; uninstall gives them back", async () => {
    writeFileSync(join(codexDir, "config.toml"), USER_CONFIG);
    writeFileSync(join(codexDir, "hooks.json"), JSON.stringify(OTHER_HOOKS));
    const installed = await run("install", "codex", "--scope", "user");
    expect(installed.code, installed.stderr).toBe(0);
    // No Codex to ask: install says what to do about trust.
    expect(installed.stderr).toContain("trust baton's hooks");

    const hooks = JSON.parse(readFileSync(join(codexDir, "hooks.json"), "utf8"));
    expect(hooks.hooks.Stop[0]).toEqual(OTHER_HOOKS.hooks.Stop[0]);
    expect(hooks.hooks.Stop[1].hooks[0].command).toContain("hook-main.ts codex Stop");
    expect(hooks.hooks.SessionStart[0].hooks[0]).toMatchObject({ type: "command", timeout: 10 });
    const config = readFileSync(join(codexDir, "config.toml"), "utf8");
    expect(config.startsWith(USER_CONFIG)).toBe(true);
    const parsed = parse(config) as {
      mcp_servers: Record<string, { command: string; args: string[] }>;
    };
    expect(parsed.mcp_servers.other?.command).toBe("other-server");
    expect(parsed.mcp_servers.baton?.args.at(-1)).toBe("mcp");
    for (const skill of ["handoff", "handoff-resume", "handoff-list"]) {
      const text = readFileSync(join(codexDir, "skills", skill, "SKILL.md"), "utf8");
      expect(text).toMatch(new RegExp(`^---\\nname: ${skill}\\ndescription: `));
    }
    const backups = readdirSync(codexDir).filter((name) => name.endsWith(".baton-backup"));
    expect(backups.sort()).toEqual([
      "config.toml.20261206T120000Z.baton-backup",
      "hooks.json.20261206T120000Z.baton-backup",
    ]);
    expect(readFileSync(join(codexDir, backups[0] as string), "utf8")).toBe(USER_CONFIG);

    const again = await run("install", "codex", "--scope", "user");
    expect(again.stdout).not.toMatch(/^(create|update)/m);

    const removed = await run("uninstall", "codex", "--scope", "user");
    expect(removed.code, removed.stderr).toBe(0);
    expect(readFileSync(join(codexDir, "config.toml"), "utf8")).toBe(USER_CONFIG);
    expect(JSON.parse(readFileSync(join(codexDir, "hooks.json"), "utf8"))).toEqual(OTHER_HOOKS);
    expect(existsSync(join(codexDir, "skills", "handoff"))).toBe(false);
  });

  it("refuses an invalid hooks.json or config.toml, changing nothing", async () => {
    writeFileSync(join(codexDir, "hooks.json"), "{ not json");
    const badJson = await run("install", "codex", "--scope", "user");
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toContain("hooks.json is not valid JSON");
    expect(readdirSync(codexDir)).toEqual(["hooks.json"]);

    rmSync(join(codexDir, "hooks.json"));
    writeFileSync(join(codexDir, "config.toml"), 'model = "a"\nmodel = "b"\n');
    const badToml = await run("install", "codex", "--scope", "user");
    expect(badToml.code).toBe(1);
    expect(badToml.stderr).toContain("config.toml is not valid TOML");
    expect(readdirSync(codexDir)).toEqual(["config.toml"]);
  });

  it("a dry run writes nothing and names the files; project scope writes into .codex/", async () => {
    const dry = await run("install", "codex", "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/create\s+\.codex\/hooks\.json/);
    expect(dry.stdout).toMatch(/create\s+\.codex\/config\.toml/);
    expect(dry.stdout).toMatch(/create\s+\.codex\/skills\/handoff\/SKILL\.md/);
    expect(existsSync(join(repo.dir, ".codex"))).toBe(false);

    const real = await run("install", "codex");
    expect(real.code, real.stderr).toBe(0);
    expect(existsSync(join(repo.dir, ".codex/hooks.json"))).toBe(true);
    expect(readFileSync(join(repo.dir, ".codex/config.toml"), "utf8")).toContain(
      "[mcp_servers.baton]",
    );
  });
});
