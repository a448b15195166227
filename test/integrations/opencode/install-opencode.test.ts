import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  MANAGED_MARKER,
  pluginModulePath,
} from "../../../src/integrations/opencode/install-opencode.ts";
import { runInProcess } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function repo(): TempRepo {
  const made = makeTempRepo();
  repos.push(made);
  return made;
}

const PLUGIN = join(".opencode", "plugins", "baton.js");
const COMMAND = join(".opencode", "commands", "session-handoff.md");

describe("baton install opencode", () => {
  it("writes the plugin file importing this baton by absolute path, and the command; again changes nothing", async () => {
    const { dir } = repo();
    const first = await runInProcess(["install", "opencode"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`create     ${PLUGIN}\ncreate     ${COMMAND}\n`);
    const plugin = readFileSync(join(dir, PLUGIN), "utf8");
    expect(plugin).toContain(`export { default } from ${JSON.stringify(pluginModulePath())};`);
    expect(pluginModulePath()).toMatch(/src\/integrations\/opencode\/plugin\.ts$/);
    expect(existsSync(pluginModulePath())).toBe(true);
    expect(readFileSync(join(dir, COMMAND), "utf8")).toContain("session_handoff");

    const again = await runInProcess(["install", "opencode"], { cwd: dir });
    expect(again.stdout).toBe(`unchanged  ${PLUGIN}\nunchanged  ${COMMAND}\n`);
    expect(again.stderr).toContain("already installed");
  });

  it("installs from a subfolder into the repository root's .opencode", async () => {
    const { dir } = repo();
    mkdirSync(join(dir, "src", "deep"), { recursive: true });
    const run = await runInProcess(["install", "opencode"], { cwd: join(dir, "src", "deep") });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dir, PLUGIN))).toBe(true);
  });

  it("--scope user writes into $XDG_CONFIG_HOME/opencode", async () => {
    const { dir } = repo();
    const config = makeTempDir("baton-xdg-");
    try {
      const run = await runInProcess(["install", "opencode", "--scope", "user", "--json"], {
        cwd: dir,
        env: { XDG_CONFIG_HOME: config },
      });
      expect(run.code, run.stderr).toBe(0);
      const json = JSON.parse(run.stdout) as {
        scope: string;
        files: { path: string; action: string }[];
      };
      expect(json.scope).toBe("user");
      expect(json.files.map((f) => [f.path, f.action])).toEqual([
        [join(config, "opencode", "plugins", "baton.js"), "create"],
        [join(config, "opencode", "commands", "session-handoff.md"), "create"],
      ]);
      expect(existsSync(join(dir, ".opencode"))).toBe(false);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });

  it("leaves a same-named file it did not write alone, on install and uninstall", async () => {
    const { dir } = repo();
    mkdirSync(join(dir, ".opencode", "plugins"), { recursive: true });
    writeFileSync(join(dir, PLUGIN), "export default {};\n");
    const install = await runInProcess(["install", "opencode"], { cwd: dir });
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`skip       ${PLUGIN}`);
    expect(install.stderr).toContain("exists and was not written by baton; left alone");
    expect(readFileSync(join(dir, PLUGIN), "utf8")).toBe("export default {};\n");

    const uninstall = await runInProcess(["uninstall", "opencode"], { cwd: dir });
    expect(uninstall.stdout).toBe(`skip       ${PLUGIN}\nremove     ${COMMAND}\n`);
    expect(readFileSync(join(dir, PLUGIN), "utf8")).toBe("export default {};\n");
  });

  it("uninstall removes only baton's files and keeps OpenCode's own; --dry-run changes nothing", async () => {
    const { dir } = repo();
    await runInProcess(["install", "opencode"], { cwd: dir });
    writeFileSync(join(dir, ".opencode", "package.json"), '{"dependencies":{}}\n');

    const dry = await runInProcess(["uninstall", "opencode", "--dry-run"], { cwd: dir });
    expect(dry.stdout).toBe(`remove     ${PLUGIN}\nremove     ${COMMAND}\n`);
    expect(readFileSync(join(dir, PLUGIN), "utf8")).toContain(MANAGED_MARKER);

    const run = await runInProcess(["uninstall", "opencode"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dir, PLUGIN))).toBe(false);
    expect(existsSync(join(dir, ".opencode", "plugins"))).toBe(false);
    expect(readFileSync(join(dir, ".opencode", "package.json"), "utf8")).toContain("dependencies");

    const again = await runInProcess(["uninstall", "opencode"], { cwd: dir });
    expect(again.stdout).toBe(`absent     ${PLUGIN}\nabsent     ${COMMAND}\n`);
    expect(again.stderr).toContain("already uninstalled");
  });
});
