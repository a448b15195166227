import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { NOBODY, whyNobodyCannotRun } from "../support/nobody.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess, spawnBaton } from "./run-baton.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});

const T0 = new Date("2026-11-20T09:00:00.000Z");

/** A repo with two good handoffs (alpha older, beta newer); returns their paths. */
async function repoWithHandoffs() {
  const r = makeTempRepo();
  repos.push(r);
  const make = async (topic: string, minutes: number) => {
    const run = await runInProcess(
      ["create", "--topic", topic, "--goal", `goal ${topic}`, "--json"],
      {
        cwd: r.dir,
        now: new Date(T0.getTime() + minutes * 60_000),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout).path as string;
  };
  return { r, alpha: await make("alpha", 0), beta: await make("beta", 1) };
}

/** Every file of the handoff folder with its bytes, to prove that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const folder = join(dir, "docs/handoffs");
  return Object.fromEntries(
    readdirSync(folder, { recursive: true, encoding: "utf8" })
      .filter((name) => statSync(join(folder, name)).isFile())
      .map((name) => [name, readFileSync(join(folder, name), "utf8")]),
  );
}

function breakFile(path: string, from: string, to: string) {
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe("bad input", () => {
  it("broken YAML frontmatter: list and show name the file and line; the others still list; nothing changes", async () => {
    const { r, alpha } = await repoWithHandoffs();
    breakFile(alpha, "trigger: manual", "trigger: [manual");
    const before = snapshot(r.dir);

    const list = await runInProcess(["list"], { cwd: r.dir });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/open\s+main\s+beta/);
    expect(list.stdout).toMatch(/broken\s+-\s+-\s+-\s+-\s+2026-11-20-alpha/);
    expect(list.stderr).toMatch(
      /^baton: warning: docs\/handoffs\/2026-11-20-alpha\.md is broken: .*2026-11-20-alpha\.md:6: broken YAML frontmatter/,
    );
    const json = JSON.parse((await runInProcess(["list", "--json"], { cwd: r.dir })).stdout);
    expect(json.handoffs).toHaveLength(1);
    expect(json.errors[0]).toMatchObject({ id: "2026-11-20-alpha", path: alpha });
    expect(json.errors[0].message).toContain(":6: broken YAML frontmatter");

    const show = await runInProcess(["show", "2026-11-20-alpha"], { cwd: r.dir });
    expect(show.code).toBe(1);
    expect(show.stdout).toBe("");
    expect(show.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(show.stderr).toContain("2026-11-20-alpha.md:6: broken YAML frontmatter");

    // Commands that pick a handoff still work on the good ones, and warn about the broken one.
    const resume = await runInProcess(["resume"], { cwd: r.dir });
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain("goal beta");
    expect(resume.stderr).toContain("2026-11-20-alpha.md is broken");
    const after = snapshot(r.dir);
    expect(after["2026-11-20-alpha.md"]).toBe(before["2026-11-20-alpha.md"]);
  });

  it("a duplicated section is an error naming both lines; a missing section reads as not filled", async () => {
    const { r, alpha, beta } = await repoWithHandoffs();
    breakFile(alpha, "## Open Questions", "## Goal\n\nagain\n\n## Open Questions");
    breakFile(beta, "## Open Questions\n\n<!-- baton:enrich -->\n", "");
    const before = snapshot(r.dir);
    const show = await runInProcess(["show", "2026-11-20-alpha"], { cwd: r.dir });
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(
      /^baton: .*2026-11-20-alpha\.md:\d+: section "## Goal" appears twice \(first at line \d+\)\n$/,
    );
    const missing = await runInProcess(["show", "2026-11-20-beta", "--format", "json"], {
      cwd: r.dir,
    });
    expect(missing.code).toBe(0);
    expect(JSON.parse(missing.stdout).handoff.sections.openQuestions).toBeNull();
    expect(snapshot(r.dir)).toEqual(before);
  });

  it("an unknown schema version is refused with its line; other handoffs are unaffected", async () => {
    const { r, alpha } = await repoWithHandoffs();
    breakFile(alpha, "schema: baton/handoff@1", "schema: baton/handoff@9");
    const before = snapshot(r.dir);
    const show = await runInProcess(["show", "2026-11-20-alpha"], { cwd: r.dir });
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('2026-11-20-alpha.md:2: unknown schema "baton/handoff@9"');
    const list = await runInProcess(["list", "--json"], { cwd: r.dir });
    expect(JSON.parse(list.stdout).handoffs.map((h: { topic: string }) => h.topic)).toEqual([
      "beta",
    ]);
    // A new handoff of the same topic does not take the broken file's name.
    const create = await runInProcess(["create", "--topic", "alpha", "--json"], {
      cwd: r.dir,
      now: T0,
    });
    expect(create.code).toBe(0);
    expect(JSON.parse(create.stdout).id).toBe("2026-11-20-alpha-2");
    const after = snapshot(r.dir);
    expect(after["2026-11-20-alpha.md"]).toBe(before["2026-11-20-alpha.md"]);
  });

  it("a handoff folder that is a file: one-line error, the file untouched", async () => {
    const r = makeTempRepo();
    repos.push(r);
    r.write("docs/handoffs", "I am a file\n");
    for (const args of [["create", "--goal", "x"], ["list"], ["resume"]]) {
      const run = await runInProcess(args, { cwd: r.dir });
      expect(run.code, args[0]).toBe(1);
      expect(run.stderr, args[0]).toMatch(/^baton: .*docs\/handoffs.* is a file, not a folder\n$/);
    }
    expect(readFileSync(join(r.dir, "docs/handoffs"), "utf8")).toBe("I am a file\n");
  });

  it("a handoff folder under a file: one-line error", async () => {
    const r = makeTempRepo();
    repos.push(r);
    r.write("notes", "a file\n");
    const run = await runInProcess(["create", "--dir", "notes/handoffs"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^baton: .*notes\/handoffs is a file, not a folder\n$/);
  });

  it("a read-only handoff folder: one-line error, nothing lost", async (context) => {
    // Root writes anywhere, so as root the commands run as nobody; that needs a checkout nobody can reach.
    const cannot = process.getuid?.() === 0 ? whyNobodyCannotRun() : null;
    if (cannot !== null) return context.skip(cannot);
    const { r } = await repoWithHandoffs();
    const folder = join(r.dir, "docs/handoffs");
    const before = snapshot(r.dir);
    chmodSync(folder, 0o555);
    try {
      const runAs = async (args: string[]) => {
        if (process.getuid?.() !== 0) return runInProcess(args, { cwd: r.dir });
        // Root writes anywhere: run as nobody, who may read the repository but not write it.
        chmodSync(r.dir, 0o755);
        return spawnBaton(args, {
          cwd: r.dir,
          user: NOBODY,
          env: {
            HOME: r.dir,
            // Nobody's own settings: none (the test's config folder is root's alone).
            XDG_CONFIG_HOME: "/nonexistent/baton-nobody-config",
            GIT_CONFIG_COUNT: "1",
            GIT_CONFIG_KEY_0: "safe.directory",
            GIT_CONFIG_VALUE_0: "*",
          },
        });
      };
      const create = await runAs(["create", "--goal", "x"]);
      expect(create.code).toBe(1);
      expect(create.stderr).toMatch(/^baton: cannot .*permission denied\n$/);
      const ack = await runAs(["ack", "2026-11-20-beta"]);
      expect(ack.code).toBe(1);
      expect(ack.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(ack.stderr).toMatch(/permission denied/);
      const list = await runAs(["list"]);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/open\s+main\s+beta/);
    } finally {
      chmodSync(folder, 0o755);
    }
    expect(snapshot(r.dir)).toEqual(before);
  });

  it("a huge stdin is refused before anything is written", async () => {
    const r = makeTempRepo();
    repos.push(r);
    const huge = `## Goal\n\n${"x".repeat(1024 * 1024 + 10)}\n`;
    const run = await spawnBaton(["create", "--stdin"], { cwd: r.dir, stdin: huge });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "baton: stdin is larger than 1 MB; nothing was written (give the summary sections, not a transcript)\n",
    );
    expect(run.stdout).toBe("");
    r.write("big.md", huge);
    const file = await runInProcess(["create", "--from-file", "big.md"], { cwd: r.dir });
    expect(file.code).toBe(1);
    expect(file.stderr).toContain("big.md is larger than 1 MB; nothing was written");
    expect(() => readdirSync(join(r.dir, "docs/handoffs"))).toThrow();
  });

  it("stdin that is not JSON, not sections, not UTF-8 or empty gets a clear error", async () => {
    const r = makeTempRepo();
    repos.push(r);
    // Input that is not sections at all (empty, prose, a list) is a usage error (2);
    // sections that fail to parse are a failure (1).
    const cases: Array<[string | Buffer, RegExp, number]> = [
      ['{"goal": ', /^baton: stdin is not valid JSON: /, 1],
      ["just some prose\n", /^baton: stdin holds no section headings/, 2],
      ["", /^baton: stdin is empty/, 2],
      [Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]), /^baton: stdin is not UTF-8 text/, 1],
      ['{"next_steps": [42]}', /^baton: stdin: field "next_steps"\[0\] must be a string/, 1],
      ['["goal"]', /^baton: stdin holds no section headings/, 2],
      [
        "## Goal\n\na\n\n## Goal\n\nb\n",
        /^baton: stdin: line 5: section "## Goal" appears twice \(first at line 1\)\n$/,
        1,
      ],
      [
        "## Goal\n\na\n\n## Bogus\n\nb\n",
        /^baton: stdin: line 5: unknown section "## Bogus"; the sections are: Goal, /,
        1,
      ],
    ];
    for (const [stdin, expected, code] of cases) {
      const run = await runInProcess(["create", "--stdin"], { cwd: r.dir, stdin });
      expect(run.code, String(stdin)).toBe(code);
      expect(run.stderr, String(stdin)).toMatch(expected);
    }
    expect(() => readdirSync(join(r.dir, "docs/handoffs"))).toThrow();
  });

  it("a handoff whose id does not match its file name is reported, not guessed", async () => {
    const { r, alpha } = await repoWithHandoffs();
    breakFile(alpha, "id: 2026-11-20-alpha", "id: something-else");
    const list = await runInProcess(["list"], { cwd: r.dir });
    expect(list.stderr).toContain('id "something-else" does not match the file name');
    expect(parseDocument(readFileSync(alpha, "utf8")).id).toBe("something-else");
  });
});
