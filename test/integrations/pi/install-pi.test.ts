import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { extensionModulePath, PI_MANAGED_MARKER } from "../../../src/integrations/pi/install-pi.ts";
import { runInProcess } from "../../cli/run-baton.ts";
import { installAsProjectDependency } from "../../support/project-install.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function world(): { repo: TempRepo; home: string; env: Record<string, string> } {
  const repo = makeTempRepo();
  const home = makeTempDir("baton-pi-home-");
  cleanups.push(repo.cleanup, () => rmSync(home, { recursive: true, force: true }));
  return { repo, home, env: { HOME: home, PI_CODING_AGENT_DIR: "" } };
}

const EXTENSION = join(".pi", "extensions", "baton.ts");

describe("baton install pi", () => {
  it("writes the extension naming this baton by absolute path; again changes nothing", async () => {
    const { repo, env } = world();
    const first = await runInProcess(["install", "pi"], { cwd: repo.dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`create     ${EXTENSION}\n`);
    expect(first.stderr).toContain("once the project is trusted");
    const text = readFileSync(join(repo.dir, EXTENSION), "utf8");
    expect(text).toContain(PI_MANAGED_MARKER);
    expect(text).toContain(
      `import { batonExtension } from ${JSON.stringify(extensionModulePath())};`,
    );
    // Every path it names is there: the module, node, the CLI and the hooks' entry.
    const named = [...text.matchAll(/"(\/[^"]+)"/g)].map((match) => match[1] as string);
    expect(named).toHaveLength(4);
    for (const path of named) expect(existsSync(path), path).toBe(true);
    expect(named).toContain(process.execPath);

    const again = await runInProcess(["install", "pi"], { cwd: repo.dir, env });
    expect(again.stdout).toBe(`unchanged  ${EXTENSION}\n`);
    expect(again.stderr).toContain("already installed");
  });

  it("--scope user writes into $PI_CODING_AGENT_DIR/extensions, else ~/.pi/agent/extensions", async () => {
    const { repo, home, env } = world();
    const user = await runInProcess(["install", "pi", "--scope", "user", "--json"], {
      cwd: repo.dir,
      env,
    });
    expect(user.code, user.stderr).toBe(0);
    const json = JSON.parse(user.stdout) as { scope: string; files: { path: string }[] };
    expect(json.scope).toBe("user");
    expect(json.files.map((file) => file.path)).toEqual([
      join(home, ".pi", "agent", "extensions", "baton.ts"),
    ]);
    expect(existsSync(join(repo.dir, ".pi"))).toBe(false);

    const agentDir = makeTempDir("baton-pi-agent-");
    cleanups.push(() => rmSync(agentDir, { recursive: true, force: true }));
    const moved = await runInProcess(["install", "pi", "--scope", "user"], {
      cwd: repo.dir,
      env: { ...env, PI_CODING_AGENT_DIR: agentDir },
    });
    expect(moved.code, moved.stderr).toBe(0);
    expect(existsSync(join(agentDir, "extensions", "baton.ts"))).toBe(true);
  });

  it("--dry-run writes nothing; a changed extension of baton's is backed up before it is replaced", async () => {
    const { repo, env } = world();
    const dry = await runInProcess(["install", "pi", "--dry-run"], { cwd: repo.dir, env });
    expect(dry.stdout).toBe(`create     ${EXTENSION}\n`);
    expect(existsSync(join(repo.dir, ".pi"))).toBe(false);

    await runInProcess(["install", "pi"], { cwd: repo.dir, env });
    const path = join(repo.dir, EXTENSION);
    const edited = `${readFileSync(path, "utf8")}// my own line\n`;
    writeFileSync(path, edited);
    const now = new Date("2026-12-06T10:11:12.000Z");
    const run = await runInProcess(["install", "pi"], { cwd: repo.dir, env, now });
    const backup = `${EXTENSION}.20261206T101112Z.baton-backup`;
    expect(run.stdout).toBe(`backup     ${backup}\nupdate     ${EXTENSION}\n`);
    expect(readFileSync(join(repo.dir, backup), "utf8")).toBe(edited);
    expect(readFileSync(path, "utf8")).not.toContain("my own line");
    // Pi loads every *.ts and *.js of the folder: the backup is neither.
    expect(
      readdirSync(join(repo.dir, ".pi", "extensions")).filter((n) => /\.(ts|js)$/.test(n)),
    ).toEqual(["baton.ts"]);
  });

  it("leaves a same-named extension it did not write alone, on install and uninstall", async () => {
    const { repo, env } = world();
    mkdirSync(join(repo.dir, ".pi", "extensions"), { recursive: true });
    writeFileSync(join(repo.dir, EXTENSION), "export default () => {};\n");
    const install = await runInProcess(["install", "pi"], { cwd: repo.dir, env });
    expect(install.stdout).toBe(`skip       ${EXTENSION}\n`);
    expect(install.stderr).toContain("exists and was not written by baton; left alone");
    const uninstall = await runInProcess(["uninstall", "pi"], { cwd: repo.dir, env });
    expect(uninstall.stdout).toBe(`skip       ${EXTENSION}\n`);
    expect(readFileSync(join(repo.dir, EXTENSION), "utf8")).toBe("export default () => {};\n");
  });

  it("uninstall removes baton's file and the folders left empty, keeps Pi's own; --dry-run changes nothing", async () => {
    const { repo, env } = world();
    await runInProcess(["install", "pi"], { cwd: repo.dir, env });
    writeFileSync(join(repo.dir, ".pi", "settings.json"), "{}\n");
    const dry = await runInProcess(["uninstall", "pi", "--dry-run"], { cwd: repo.dir, env });
    expect(dry.stdout).toBe(`remove     ${EXTENSION}\n`);
    expect(existsSync(join(repo.dir, EXTENSION))).toBe(true);

    const run = await runInProcess(["uninstall", "pi"], { cwd: repo.dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(repo.dir, ".pi", "extensions"))).toBe(false);
    expect(readFileSync(join(repo.dir, ".pi", "settings.json"), "utf8")).toBe("{}\n");
    const again = await runInProcess(["uninstall", "pi"], { cwd: repo.dir, env });
    expect(again.stdout).toBe(`absent     ${EXTENSION}\n`);
    expect(again.stderr).toContain("already uninstalled");
  });
});

// doctor asks every agent on PATH for its version: seconds per run on a loaded machine.
describe("the extension file of a project's own baton", () => {
  it("imports the module from node_modules relative to itself and names no machine's paths", async () => {
    const { piIntegration } = await import("../../../src/integrations/pi/pi-integration.ts");
    const { repo, home, env } = world();
    const outcome = await installAsProjectDependency(piIntegration, repo.dir, env, home);
    expect(outcome.files).toEqual([{ path: join(repo.dir, EXTENSION), action: "create" }]);
    const text = readFileSync(join(repo.dir, EXTENSION), "utf8");
    expect(text).toContain(
      'import { batonExtension } from "../../node_modules/agent-baton/dist/integrations/pi/pi-extension.js";',
    );
    expect(text).toContain("export default batonExtension();");
    expect(text).not.toMatch(/"\//);
    // Until npm install brings the package, doctor says what is missing.
    const [project] = await piIntegration.inspect({ root: repo.dir, env, homedir: home });
    expect(project?.problems.map((p) => p.problem)).toEqual([
      expect.stringContaining(
        "node_modules/agent-baton/dist/integrations/pi/pi-extension.js, which is not there",
      ),
      expect.stringContaining("node_modules/agent-baton/dist/cli/hook-main.js, which is not there"),
    ]);
  });
});

describe("baton doctor on Pi", { timeout: 120_000 }, () => {
  it("says whether Pi trusts the project, and names a moved baton with its fix", async () => {
    const { repo, home, env } = world();
    await runInProcess(["install", "pi"], { cwd: repo.dir, env });
    const doctor = async () => {
      const run = await runInProcess(["doctor", "--json"], { cwd: repo.dir, env });
      const json = JSON.parse(run.stdout) as {
        agents: { id: string; installed: { scope: string; installed: boolean }[] }[];
        problems: { problem: string; fix: string }[];
      };
      return { run, json, pi: json.agents.find((agent) => agent.id === "pi") };
    };

    const undecided = await doctor();
    expect(undecided.pi?.installed).toMatchObject([
      {
        scope: "project",
        installed: true,
        problems: [],
        notes: [
          expect.stringContaining("names this machine's paths"),
          expect.stringContaining("--approve"),
        ],
      },
      { scope: "user", installed: false },
    ]);

    const trust = join(home, ".pi", "agent", "trust.json");
    mkdirSync(join(home, ".pi", "agent"), { recursive: true });
    writeFileSync(trust, JSON.stringify({ [realpathSync(repo.dir)]: false }));
    const declined = await doctor();
    expect(declined.run.code).toBe(1);
    expect(declined.json.problems).toContainEqual(
      expect.objectContaining({ fix: "trust the project in Pi (/trust), or use --scope user" }),
    );

    // What /trust saves, on a parent folder: it holds for the folders under it.
    writeFileSync(trust, JSON.stringify({ [realpathSync(join(repo.dir, ".."))]: true }));
    const path = join(repo.dir, EXTENSION);
    const gone = join(makeTempDir("baton-moved-"), "pi-extension.ts");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace(/from ".*";/, `from ${JSON.stringify(gone)};`),
    );
    const moved = await doctor();
    expect(moved.run.code).toBe(1);
    expect(moved.json.problems).toEqual([
      expect.objectContaining({
        problem: expect.stringContaining(`the extension names ${gone}, which is not there`),
        fix: "baton install pi --scope project",
      }),
    ]);
  });
});
