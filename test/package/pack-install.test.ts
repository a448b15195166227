import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../cli/run-baton.ts";
import { npmInstall, PINNED_NODE, packageEnv, packBaton } from "../support/pack-baton.ts";
import { gitTestEnv, makeTempDir, makeTempRepo } from "../support/temp-repo.ts";

/**
 * The package as users install it: `npm pack`, then `npm install -g` of the tarball into a
 * fresh prefix, with only the project's pinned Node first on PATH (the system's may be
 * older). npm fills what its cache lacks from the registry (`--prefer-offline`). Then the
 * installed `baton` runs --version, doctor and a create/resume/ack cycle.
 */

const PACKAGE = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));

let work: string;
let bin: string;
let prefix: string;
let tarball: string;
let files: string[];
let modes: Map<string, number>;

/** The environment of the install and of the installed baton: the pinned Node first on PATH. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return packageEnv({
    ...gitTestEnv,
    PATH: `${bin}${delimiter}/usr/bin${delimiter}/bin`,
    ...extra,
  });
}

beforeAll(() => {
  work = makeTempDir("baton-pack-");
  bin = join(work, "node-bin");
  mkdirSync(bin);
  symlinkSync(PINNED_NODE, join(bin, "node"));
  prefix = join(work, "prefix");
  const packed = packBaton(work, env());
  tarball = packed.tarball;
  files = packed.files.map((file) => file.path);
  modes = new Map(packed.files.map((file) => [file.path, file.mode]));
  npmInstall(tarball, { globalPrefix: prefix }, env());
}, 300_000);

afterAll(() => {
  execFileSync("rm", ["-rf", work]);
});

function installedBaton(args: string[], cwd: string) {
  const run = spawnSync(join(prefix, "bin/baton"), args, { cwd, env: env(), encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("the packed package", () => {
  it("holds the built CLI, the licence and the readme, and no sources or tests", () => {
    expect(files).toEqual(
      expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/cli/main.js"]),
    );
    expect(files.filter((path) => /^(src|test|bench|scripts)\//.test(path))).toEqual([]);
    // The bin and the hooks' entry run as programs (`npx baton` in a clone, a hook's command).
    expect(modes.get("dist/cli/main.js")).toBe(0o755);
    expect(modes.get("dist/cli/hook-main.js")).toBe(0o755);
    const main = readFileSync(
      join(prefix, "lib/node_modules/agent-baton/dist/cli/main.js"),
      "utf8",
    );
    expect(main.startsWith("#!/usr/bin/env node\n")).toBe(true);
    // Only the runtime dependencies were installed: none of the devDependencies.
    for (const dev of Object.keys(PACKAGE.devDependencies)) {
      expect(() =>
        readFileSync(
          join(prefix, "lib/node_modules/agent-baton/node_modules", dev, "package.json"),
        ),
      ).toThrow();
    }
  });

  it("installs globally and runs: --version, doctor, create / resume / ack", () => {
    const repo = makeTempRepo({ branch: "feat/packed" });
    try {
      const version = installedBaton(["--version"], repo.dir);
      expect(version.code, version.stderr).toBe(0);
      expect(version.stdout.trim()).toBe(PACKAGE.version);

      const doctor = installedBaton(["doctor"], repo.dir);
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
      expect(doctor.stdout).toContain(`baton    ${PACKAGE.version}`);
      expect(doctor.stdout).toContain("lib/node_modules/agent-baton/dist/cli/main.js");
      expect(doctor.stdout).toContain("No problems found.");

      const created = installedBaton(
        ["create", "--goal", "Ship the package", "--next", "Run npm publish"],
        repo.dir,
      );
      expect(created.code, created.stderr).toBe(0);
      const resumed = installedBaton(["resume"], repo.dir);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain("Ship the package");
      expect(resumed.stdout).toContain("Run npm publish");
      const acked = installedBaton(["ack"], repo.dir);
      expect(acked.code, acked.stderr).toBe(0);
      expect(installedBaton(["list", "--json"], repo.dir).stdout).toContain('"handoffs": []');
    } finally {
      repo.cleanup();
    }
  });

  it("as a project's dependency, install writes files without this machine's paths, and the hook runs", () => {
    const repo = makeTempRepo({ branch: "feat/team" });
    const state = makeTempDir("baton-pack-state-");
    try {
      npmInstall(tarball, { project: repo.dir }, env());
      /** A SessionStart hook's command as its agent runs it: in its shell, the project folder's variable set. */
      const sessionStart = (shell: string, command: string, variable: string, id: string) =>
        spawnSync(shell, ["-c", command], {
          cwd: repo.dir,
          env: env({ [variable]: repo.dir, XDG_STATE_HOME: state, HOME: state }),
          input: JSON.stringify({
            session_id: `${id}-2222-3333-4444-555555555555`,
            hook_event_name: "SessionStart",
            source: "startup",
            cwd: repo.dir,
          }),
          encoding: "utf8",
        });
      const local = (args: string[]) =>
        spawnSync(join(repo.dir, "node_modules/.bin/baton"), args, {
          cwd: repo.dir,
          env: env({ XDG_STATE_HOME: state, HOME: state }),
          encoding: "utf8",
        });
      const claude = local(["install", "claude-code"]);
      expect(claude.status, claude.stderr).toBe(0);
      expect(claude.stderr).toContain(
        "these files name the project's own baton (node_modules/agent-baton), not this machine's paths: safe to commit",
      );
      expect(local(["install", "opencode"]).status).toBe(0);
      expect(local(["install", "pi"]).status).toBe(0);
      const gemini = local(["install", "gemini-cli"]);
      expect(gemini.status, gemini.stderr).toBe(0);
      expect(gemini.stderr).toContain("safe to commit");
      const written = [
        ".claude/settings.json",
        ".claude/commands/handoff.md",
        ".opencode/plugins/baton.js",
        ".pi/extensions/baton.ts",
        ".gemini/settings.json",
        ".gemini/commands/handoff.toml",
      ].map((path) => readFileSync(join(repo.dir, path), "utf8"));
      for (const text of written) {
        expect(text).not.toContain(repo.dir);
        expect(text).not.toContain(PINNED_NODE);
        expect(text).not.toContain(work);
      }
      expect(written[2]).toContain('export { default } from "agent-baton/opencode";');
      expect(written[3]).toContain(
        'from "../../node_modules/agent-baton/dist/integrations/pi/pi-extension.js";',
      );

      const doctor = local(["doctor"]);
      expect(doctor.status, doctor.stdout).toBe(0);
      expect(doctor.stdout).toContain(
        "installed (project): 5 of 5 hooks in .claude/settings.json, would run",
      );
      expect(doctor.stdout).toContain(
        "installed (project): plugin in .opencode/plugins/baton.js, would run",
      );
      expect(doctor.stdout).toContain(
        "installed (project): extension in .pi/extensions/baton.ts, would run",
      );
      expect(doctor.stdout).toMatch(
        /installed \(project\): 4 of 4 hooks, MCP server in \.gemini\/settings\.json/,
      );
      expect(doctor.stdout).not.toContain("do not commit");

      // The hook as Claude Code runs it: the settings' command, in sh, with CLAUDE_PROJECT_DIR.
      expect(local(["create", "--goal", "Share the install", "--next", "Commit it"]).status).toBe(
        0,
      );
      const settings = JSON.parse(written[0] ?? "{}");
      const command = settings.hooks.SessionStart[0].hooks[0].command as string;
      const hook = sessionStart("sh", command, "CLAUDE_PROJECT_DIR", "11111111");
      expect(hook.status).toBe(0);
      expect(hook.stdout).toContain("Share the install");

      // Gemini CLI's, as it runs them: in bash, GEMINI_PROJECT_DIR set (and any bare
      // $GEMINI_PROJECT_DIR in the text replaced, which baton's ${…} form is not).
      const geminiSettings = JSON.parse(written[4] ?? "{}");
      expect(geminiSettings.mcpServers.baton).toEqual({ command: "npx", args: ["baton", "mcp"] });
      const geminiCommand = geminiSettings.hooks.SessionStart.at(-1).hooks[0].command as string;
      expect(local(["create", "--goal", "Share with Gemini", "--next", "Commit it"]).status).toBe(
        0,
      );
      const geminiHook = sessionStart("bash", geminiCommand, "GEMINI_PROJECT_DIR", "66666666");
      expect(geminiHook.status).toBe(0);
      expect(geminiHook.stdout).toContain("Share with Gemini");
      expect(
        existsSync(join(state, "baton/hooks.log"))
          ? readFileSync(join(state, "baton/hooks.log"), "utf8")
          : "",
      ).not.toContain("did not run");
    } finally {
      repo.cleanup();
      execFileSync("rm", ["-rf", state]);
    }
  });
});
