import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ENRICH_MARKER } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

const repos: TempRepo[] = [];
function repo(options?: Parameters<typeof makeTempRepo>[0]): TempRepo {
  const made = makeTempRepo(options);
  repos.push(made);
  return made;
}
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});

function handoffFiles(dir: string): string[] {
  const folder = join(dir, "docs/handoffs");
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".md")) : [];
}

function readHandoff(path: string) {
  return parseDocument(readFileSync(path, "utf8"), { path });
}

describe("baton create", () => {
  it("captures git facts and the given sections, and prints the path", async () => {
    const r = repo({ branch: "feat/login" });
    r.write("src/auth.ts", "export const a = 1;\n");
    r.commit("auth");
    r.write("src/auth.ts", "export const a = 2;\n");
    r.write("README.md", "# changed\n");
    const run = await runInProcess(
      [
        "create",
        "--goal",
        "Fix token refresh",
        "--next",
        "Add a mutex",
        "--next",
        "Test it",
        "--decision",
        "Keep JWT",
      ],
      { cwd: r.dir },
    );
    expect(run.code).toBe(0);
    const path = run.stdout.trim();
    expect(path).toMatch(/^docs\/handoffs\/\d{4}-\d{2}-\d{2}-feat-login\.md$/);
    const h = readHandoff(join(r.dir, path));
    expect(h.status).toBe("open");
    expect(h.trigger).toBe("manual");
    expect(h.branch).toBe("feat/login");
    expect(h.topic).toBe("feat-login");
    expect(h.head).toBe(r.git("rev-parse", "HEAD").trim());
    expect(h.dirty).toBe(true);
    expect(h.sections.goal).toEqual({ text: "Fix token refresh", provenance: "claimed" });
    expect(h.sections.nextSteps?.map((s) => s.text)).toEqual(["Add a mutex", "Test it"]);
    expect(h.sections.keyDecisions?.[0]).toMatchObject({
      decision: "Keep JWT",
      provenance: "claimed",
    });
    const modified = h.sections.modifiedFiles ?? [];
    expect(modified.map((f) => f.path).sort()).toEqual(["README.md", "src/auth.ts"]);
    expect(modified.every((f) => f.provenance === "verified")).toBe(true);
    // Nobody gave these: they are enrich markers, not empty.
    expect(h.sections.failedApproaches).toBeNull();
    expect(h.sections.openQuestions).toBeNull();
    expect(readFileSync(join(r.dir, path), "utf8")).toContain(ENRICH_MARKER);
    expect(h.tokens?.prompt).toBeGreaterThan(0);
    expect(h.tokens?.document).toBeGreaterThan(h.tokens?.prompt ?? 0);
  });

  it("--json prints schemaVersion, id, path, redactions and tokens", async () => {
    const r = repo();
    const run = await runInProcess(["create", "--goal", "Ship", "--json"], { cwd: r.dir });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.schemaVersion).toBe(1);
    expect(out.id).toMatch(/^\d{4}-\d{2}-\d{2}-ship$/);
    expect(out.path).toBe(join(r.dir, "docs/handoffs", `${out.id}.md`));
    expect(out.redactions).toBe(0);
    expect(out.tokens.prompt).toBeGreaterThan(0);
  });

  it("files plan files under Files to Read as verified facts", async () => {
    const r = repo();
    r.write("PLAN.md", "# plan\n");
    r.write("docs/plans/auth.md", "# auth plan\n");
    r.commit("plans");
    const run = await runInProcess(["create", "--goal", "g"], { cwd: r.dir });
    const h = readHandoff(join(r.dir, run.stdout.trim()));
    const files = h.sections.filesToRead ?? [];
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["PLAN.md", "docs/plans/auth.md"]),
    );
    expect(files.every((f) => f.provenance === "verified")).toBe(true);
  });

  it("takes markdown sections from --from-file, with options winning", async () => {
    const r = repo();
    r.write(
      "summary.md",
      "## Goal\n\nFrom the file\n\n## Failed Approaches\n\n- Polling\n\n## Next Steps\n\n1. From the file\n",
    );
    const run = await runInProcess(
      ["create", "--from-file", "summary.md", "--goal", "From the flag"],
      {
        cwd: r.dir,
      },
    );
    expect(run.code).toBe(0);
    const h = readHandoff(join(r.dir, run.stdout.trim()));
    expect(h.sections.goal?.text).toBe("From the flag");
    expect(h.sections.failedApproaches?.[0]?.approach).toBe("Polling");
    expect(h.sections.nextSteps?.map((s) => s.text)).toEqual(["From the file"]);
    expect(h.sections.nextSteps?.[0]?.provenance).toBe("claimed");
  });

  it("takes flat JSON from --stdin; an unknown field is a usage error that writes nothing", async () => {
    const r = repo();
    const sections = {
      goal: "Ship v2",
      next_steps: ["Tag", "Publish"],
      decisions: [{ decision: "Semver", reason: "users expect it" }],
      open_questions: "Who signs?",
    };
    const refused = await runInProcess(["create", "--stdin"], {
      cwd: r.dir,
      stdin: JSON.stringify({ ...sections, mood: "good" }),
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stdin: unknown field "mood"');
    expect(existsSync(join(r.dir, "docs/handoffs"))).toBe(false);
    const stdin = JSON.stringify(sections);
    const run = await runInProcess(["create", "--stdin"], { cwd: r.dir, stdin });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const h = readHandoff(join(r.dir, run.stdout.trim()));
    expect(h.sections.goal?.text).toBe("Ship v2");
    expect(h.sections.nextSteps?.map((s) => s.text)).toEqual(["Tag", "Publish"]);
    expect(h.sections.keyDecisions?.[0]).toEqual({
      decision: "Semver",
      reason: "users expect it",
      provenance: "claimed",
    });
    expect(h.sections.openQuestions?.[0]?.text).toBe("Who signs?");
    expect(h.topic).toBe("ship-v2");
  });

  it("--trigger, --topic and --parent are recorded; the parent is superseded", async () => {
    const r = repo();
    const first = await runInProcess(["create", "--goal", "one", "--topic", "alpha", "--json"], {
      cwd: r.dir,
    });
    const parentId = JSON.parse(first.stdout).id as string;
    const second = await runInProcess(
      [
        "create",
        "--goal",
        "two",
        "--topic",
        "Beta Work",
        "--trigger",
        "compact",
        "--parent",
        parentId,
        "--json",
      ],
      { cwd: r.dir },
    );
    expect(second.code).toBe(0);
    const out = JSON.parse(second.stdout);
    const h = readHandoff(out.path);
    expect(h.trigger).toBe("compact");
    expect(h.topic).toBe("beta-work");
    expect(h.parent).toBe(parentId);
    expect(second.stderr).toContain(`${parentId} is superseded by ${out.id}`);
    const old = readHandoff(join(r.dir, "docs/handoffs", `${parentId}.md`));
    expect(old.status).toBe("superseded");
    expect(old.supersededBy).toBe(out.id);
  });

  it("supersedes the open handoff of the same branch and topic", async () => {
    const r = repo({ branch: "feat/x" });
    const first = JSON.parse((await runInProcess(["create", "--json"], { cwd: r.dir })).stdout);
    const second = JSON.parse((await runInProcess(["create", "--json"], { cwd: r.dir })).stdout);
    expect(second.id).not.toBe(first.id);
    expect(readHandoff(second.path).parent).toBe(first.id);
    expect(readHandoff(first.path).status).toBe("superseded");
  });

  it("leaves baton's own handoff folder out of the modified files and the dirty flag", async () => {
    const r = repo();
    await runInProcess(["create", "--topic", "first"], { cwd: r.dir });
    const second = JSON.parse(
      (await runInProcess(["create", "--topic", "second", "--json"], { cwd: r.dir })).stdout,
    );
    const h = readHandoff(second.path);
    expect(h.sections.modifiedFiles).toEqual([]);
    expect(h.dirty).toBe(false);
    r.write("docs/other.md", "not baton's\n");
    const third = JSON.parse(
      (await runInProcess(["create", "--topic", "third", "--json"], { cwd: r.dir })).stdout,
    );
    expect(readHandoff(third.path).sections.modifiedFiles?.map((f) => f.path)).toEqual(["docs/"]);
  });

  it("chooses the topic: branch, else goal when on main, else 'handoff'", async () => {
    const r = repo();
    const byGoal = JSON.parse(
      (await runInProcess(["create", "--goal", "Fix Login!", "--json"], { cwd: r.dir })).stdout,
    );
    expect(byGoal.id).toMatch(/-fix-login$/);
    const plain = JSON.parse((await runInProcess(["create", "--json"], { cwd: r.dir })).stdout);
    expect(plain.id).toMatch(/-handoff$/);
  });

  it("without any summary says the sections await enrichment, except for automatic triggers", async () => {
    const r = repo();
    const manual = await runInProcess(["create"], { cwd: r.dir });
    expect(manual.code).toBe(0);
    expect(manual.stderr).toBe(
      "baton: no summary given (--goal, --next, --from-file, --stdin); its sections are marked for enrichment\n",
    );
    const hook = await runInProcess(["create", "--trigger", "compact", "--topic", "auto"], {
      cwd: r.dir,
    });
    expect(hook.code).toBe(0);
    expect(hook.stderr).toBe("");
  });

  it("redacts secrets before writing and reports the count", async () => {
    const r = repo();
    const key = ["AKIA", "Z7QW3RTY5UIO2PLM"].join("");
    const run = await runInProcess(["create", "--goal", `deploy with ${key}`, "--json"], {
      cwd: r.dir,
    });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.redactions).toBeGreaterThanOrEqual(1);
    expect(out.redactionKinds).toEqual({ "aws-access-key": out.redactions });
    expect(run.stderr).toMatch(/redacted \d+ secrets? before writing \(\d+ aws-access-key\)/);
    const text = readFileSync(out.path, "utf8");
    expect(text).not.toContain(key);
    expect(text).toContain("[REDACTED:aws-access-key]");
    expect(text).toContain(`redaction_kinds:\n  aws-access-key: ${out.redactions}\n`);
  });

  it("outside a git repository says so and writes under the working folder", async () => {
    const dir = makeTempDir();
    const run = await runInProcess(["create", "--goal", "no git here"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("not a git repository");
    const h = readHandoff(join(dir, run.stdout.trim()));
    expect(h.branch).toBeNull();
    expect(h.head).toBeNull();
    expect(h.sections.modifiedFiles).toBeNull();
    expect(handoffFiles(dir)).toHaveLength(1);
  });

  it("on a detached HEAD files the handoff without a branch", async () => {
    const r = repo();
    const head = r.git("rev-parse", "HEAD").trim();
    r.git("checkout", "-q", "--detach");
    const run = await runInProcess(["create", "--goal", "detached work", "--json"], { cwd: r.dir });
    expect(run.code).toBe(0);
    const h = readHandoff(JSON.parse(run.stdout).path);
    expect(h.branch).toBeNull();
    expect(h.head).toBe(head);
    expect(h.topic).toBe("detached-work");
  });

  it("from a subfolder writes at the repository root; --dir and BATON_DIR move the folder", async () => {
    const r = repo();
    r.write("pkg/a/file.txt", "x\n");
    const sub = await runInProcess(["create", "--json"], { cwd: join(r.dir, "pkg/a") });
    expect(JSON.parse(sub.stdout).path.startsWith(join(r.dir, "docs/handoffs/"))).toBe(true);
    const flag = await runInProcess(["create", "--dir", ".baton", "--json"], { cwd: r.dir });
    expect(JSON.parse(flag.stdout).path.startsWith(join(r.dir, ".baton/"))).toBe(true);
    const env = await runInProcess(["create", "--json"], {
      cwd: r.dir,
      env: { BATON_DIR: "notes/handoffs" },
    });
    expect(JSON.parse(env.stdout).path.startsWith(join(r.dir, "notes/handoffs/"))).toBe(true);
    const both = await runInProcess(["create", "--dir", ".baton", "--json"], {
      cwd: r.dir,
      env: { BATON_DIR: "notes/handoffs" },
    });
    expect(JSON.parse(both.stdout).path.startsWith(join(r.dir, ".baton/"))).toBe(true);
  });

  it("records the agent session it runs in", async () => {
    const r = repo();
    const run = await runInProcess(["create", "--json"], {
      cwd: r.dir,
      env: { CLAUDE_CODE_SESSION_ID: "3f1c-session" },
    });
    const h = readHandoff(JSON.parse(run.stdout).path);
    expect(h.source).toMatchObject({ agent: "claude-code", sessionId: "3f1c-session" });
  });

  it("rejects a bad --trigger and both --from-file and --stdin as usage errors", async () => {
    const r = repo();
    const bad = await runInProcess(["create", "--trigger", "cron"], { cwd: r.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--trigger must be one of manual, compact, tool, command");
    const both = await runInProcess(["create", "--stdin", "--from-file", "x.md"], { cwd: r.dir });
    expect(both.code).toBe(2);
    expect(handoffFiles(r.dir)).toHaveLength(0);
  });

  it("a missing --from-file or a --parent that does not exist fails and writes nothing", async () => {
    const r = repo();
    const missing = await runInProcess(["create", "--from-file", "nope.md"], { cwd: r.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("baton: no such file: nope.md\n");
    const parent = await runInProcess(["create", "--parent", "2020-01-01-nothing"], { cwd: r.dir });
    expect(parent.code).toBe(1);
    expect(parent.stderr).toContain('no handoff matches "2020-01-01-nothing"');
    expect(handoffFiles(r.dir)).toHaveLength(0);
  });
});
