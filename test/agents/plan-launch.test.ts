import { describe, expect, it } from "vitest";
import { AGENT_ADAPTERS, adaptersWith } from "../../src/adapters/registry.ts";
import {
  type LaunchRequest,
  planLaunch,
  platformArgumentLimit,
  pointerTo,
} from "../../src/agents/plan-launch.ts";
import { BatonError } from "../../src/core/errors.ts";

const SMALL = "## Session Handoff\n\n**Goal:** Fix the login\n\n**Next:** 1. Add a test";
/** 300 KB over many lines, as a huge goal or a long file list renders. */
const HUGE = Array.from({ length: 6000 }, (_, i) => `- src/module-${i}/file-${i}.ts (edited)`)
  .join("\n")
  .padEnd(300 * 1024, "x");

function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    prompt: SMALL,
    promptFile: "docs/handoffs/.prompts/h.md",
    headless: false,
    resumeSession: null,
    sessionId: null,
    model: null,
    provider: null,
    approval: null,
    yolo: false,
    cwd: "/repo",
    extraArgs: [],
    platform: "linux",
    ...overrides,
  };
}

const launchable = adaptersWith("launch");

describe("planLaunch", () => {
  it("every registered agent has a launch spec", () => {
    expect(launchable.map((a) => a.id)).toEqual(AGENT_ADAPTERS.map((a) => a.id));
  });

  for (const adapter of launchable) {
    const spec = adapter.launch;
    describe(adapter.id, () => {
      it("sends a small prompt as one argument, exactly as given", () => {
        const plan = planLaunch(spec, adapter.displayName, request());
        expect(plan.command).toBe(spec.binary);
        expect(plan.via).toBe("argument");
        expect(plan.stdin).toBeNull();
        if (spec.prompt.words)
          expect(plan.args.slice(plan.args.indexOf("--") + 1).join(" ")).toBe(SMALL);
        else expect(plan.args).toContain(SMALL);
        if (spec.prompt.flag !== null) {
          expect(plan.args[plan.args.indexOf(SMALL) - 1]).toBe(spec.prompt.flag);
        }
      });

      for (const platform of ["linux", "win32", "darwin"] as const) {
        for (const headless of spec.headless === null ? [false] : [false, true]) {
          it(`never passes an argument over ${platform}'s limit (300 KB, ${headless ? "headless" : "interactive"})`, () => {
            const plan = planLaunch(
              spec,
              adapter.displayName,
              request({ prompt: HUGE, platform, headless }),
            );
            const longest = Math.max(...plan.args.map((arg) => Buffer.byteLength(arg)));
            expect(longest).toBeLessThan(platformArgumentLimit(platform));
            const stdin = (headless ? spec.headless?.stdin : null) ?? null;
            if (stdin !== null) {
              expect(plan.via).toBe("stdin");
              expect(plan.stdin).toBe(HUGE);
              expect(plan.args.slice(plan.args.length - stdin.length)).toEqual([...stdin]);
            } else {
              expect(plan.via).toBe("file");
              expect(plan.promptFile).toBe("docs/handoffs/.prompts/h.md");
              const words = (headless ? spec.headless?.prompt.words : spec.prompt.words) ?? false;
              const text = words
                ? plan.args.slice(plan.args.indexOf("--") + 1).join(" ")
                : plan.args.find((arg) => arg.includes(".prompts/h.md"));
              expect(text).toBe(pointerTo("docs/handoffs/.prompts/h.md", HUGE));
            }
          });
        }
      }

      it("maps model, mode and folder, warns about what it cannot take, passes `--` arguments", () => {
        const mode = spec.flags.approval?.modes[0] ?? null;
        const plan = planLaunch(
          spec,
          adapter.displayName,
          request({ model: "m-1", provider: "prov", approval: mode, extraArgs: ["--extra", "x"] }),
        );
        const model = spec.flags.model;
        if (model === null) expect(plan.warnings.join()).toContain("--model m-1");
        else {
          const value = plan.args[plan.args.indexOf(model.flag) + 1];
          expect(value).toBe(model.withProvider ? "prov/m-1" : "m-1");
        }
        if (spec.flags.approval !== null) {
          expect(plan.args[plan.args.indexOf(spec.flags.approval.flag) + 1]).toBe(mode);
        }
        if (spec.flags.cwd !== null)
          expect(plan.args[plan.args.indexOf(spec.flags.cwd) + 1]).toBe("/repo");
        expect(plan.args.join(" ")).toContain("--extra x");
        const yolo = planLaunch(spec, adapter.displayName, request({ yolo: true }));
        if (spec.flags.yolo === null) expect(yolo.warnings.join()).toMatch(/--yolo is ignored/);
        else expect(yolo.args).toEqual(expect.arrayContaining([...spec.flags.yolo]));
      });

      it("refuses an approval mode the agent does not know, naming the ones it does", () => {
        const attempt = () =>
          planLaunch(spec, adapter.displayName, request({ approval: "whenever" }));
        if (spec.flags.approval === null) {
          expect(attempt().warnings.join()).toContain("--approval whenever is ignored");
        } else {
          expect(attempt).toThrow(/approval modes .* not "whenever"/);
        }
      });

      it("resumes its own session natively, with no prompt", () => {
        if (spec.resume === null) return;
        const plan = planLaunch(
          spec,
          adapter.displayName,
          request({ prompt: null, resumeSession: "sess-9" }),
        );
        expect(plan.via).toBe("none");
        expect(plan.args.slice(0, spec.resume.length)).toEqual(
          spec.resume.map((arg) => arg.replace("{id}", "sess-9")),
        );
      });
    });
  }

  it("names the new session where the agent lets the caller choose its id", () => {
    const claude = launchable.find((a) => a.id === "claude-code");
    if (claude === undefined) throw new Error("claude-code is not registered");
    const plan = planLaunch(claude.launch, "Claude Code", request({ sessionId: "0b7e…" }));
    expect(plan.args.slice(0, 2)).toEqual(["--session-id", "0b7e…"]);
  });

  it("on Windows, a prompt of several lines goes by file even when short; one short line inline", () => {
    const codex = launchable.find((a) => a.id === "codex");
    if (codex === undefined) throw new Error("codex is not registered");
    expect(planLaunch(codex.launch, "Codex", request({ platform: "win32" })).via).toBe("file");
    const oneLine = planLaunch(
      codex.launch,
      "Codex",
      request({ platform: "win32", prompt: "go on" }),
    );
    expect(oneLine.via).toBe("argument");
    expect(oneLine.args.at(-1)).toBe("go on");
  });

  it("a forced transport the agent cannot take is a usage error", () => {
    const opencode = launchable.find((a) => a.id === "opencode");
    if (opencode === undefined) throw new Error("opencode is not registered");
    try {
      planLaunch(opencode.launch, "OpenCode", request({ via: "stdin" }));
      expect.unreachable();
    } catch (error) {
      expect(BatonError.is(error) && error.code).toBe("usage");
      expect(String(error)).toMatch(/does not read a prompt from stdin/);
    }
  });
});

describe("promptWords (an agent that joins its arguments with spaces)", () => {
  it("never leaves a word its parser would read as a number, and loses no text", async () => {
    const { promptWords } = await import("../../src/agents/plan-launch.ts");
    const text = "**Next:** 1. Fix it\n**Last check:** `exit 3` exit 3 0x1f -2 1e5 .5 v2 3";
    const words = promptWords(text);
    for (const word of words) {
      expect(word).not.toMatch(/^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|0x[\da-f]+)$/i);
    }
    expect(words.join(" ").replaceAll("\u00a0", " ")).toBe(text);
    expect(words).toContain("1.\u00a0Fix");
    expect(words.at(-1)).toBe(".5\u00a0v2\u00a03");
  });
});
