import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_BIN, PROJECT_ROOT, testEnv } from "../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";

/**
 * The promise of the adapter registry: an agent is one folder and one registry line. A copy
 * of baton's sources gets a made-up agent ("scratch", whose sessions are JSON lines of
 * `{role, text}` under $SCRATCH_HOME) and nothing else changes; every command that lists
 * agents then knows it.
 */
const AGENT = `import type { AgentDescription } from "../agent-description.ts";

export const scratchAgent: AgentDescription = {
  id: "scratch",
  displayName: "Scratch",
  aliases: [],
  loadReader: async () => (await import("./scratch-reader.ts")).scratchReader,
  launch: null,
  sessionStatePath: null,
  sessionEnv: null,
};
`;

const READER = `import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { AgentReader, ReaderContext, SessionInfo } from "../agent-reader.ts";
import type { Session, SessionMessage } from "../../core/session.ts";

const folder = (context: ReaderContext) => join(context.env.SCRATCH_HOME ?? "", "sessions");
const lines = (path: string) =>
  readFileSync(path, "utf8").split("\\n").filter(Boolean).map((line) => JSON.parse(line));
const message = (record: { role: "user" | "assistant"; text: string }): SessionMessage => ({
  id: null, role: record.role, text: record.text, toolCalls: [], model: null, at: null,
});

async function readSession(location: string): Promise<Session> {
  const [head, ...records] = lines(location);
  const messages = records.map(message);
  return {
    agent: "scratch", id: basename(location, ".jsonl"), location, title: null, cwd: head.cwd,
    branch: null, model: "scratch-1", provider: null, agentMode: null, agentVersion: null,
    startedAt: head.at, lastActivityAt: head.at, messages, messageCount: messages.length,
    firstUserMessage: messages[0] ?? null, files: [], todos: null, usage: null,
    compactions: [], subagents: [], parentId: null, warnings: {},
  };
}

export const scratchReader: AgentReader = {
  contract: 1,
  agent: "scratch",
  displayName: "Scratch",
  locateSessions: async (context) =>
    readdirSync(folder(context)).map((name) => {
      const location = join(folder(context), name);
      return { id: basename(name, ".jsonl"), location, modifiedAt: statSync(location).mtime.toISOString() };
    }),
  peekSession: async (location) => {
    const [head] = lines(location);
    return { cwd: head.cwd, startedAt: head.at };
  },
  listSessions: async (context) => {
    const infos: SessionInfo[] = [];
    for (const ref of await scratchReader.locateSessions(context)) {
      const session = await readSession(ref.location);
      infos.push({
        agent: "scratch", id: session.id, location: ref.location, cwd: session.cwd, title: null,
        startedAt: session.startedAt, lastActivityAt: session.lastActivityAt,
        messageCount: session.messageCount, model: session.model, branch: null,
        firstPrompt: session.firstUserMessage?.text ?? null,
      });
    }
    return infos;
  },
  readSession: (location) => readSession(location),
  readTail: async (location, _context, { last }) => {
    const session = await readSession(location);
    return { messages: session.messages.slice(-last), warnings: {} };
  },
};
`;

let copy: string;
let home: string;
let repo: TempRepo;

function baton(...args: string[]) {
  const run = spawnSync(NODE_BIN, [join(copy, "src/cli/main.ts"), ...args], {
    cwd: repo.dir,
    env: testEnv({ SCRATCH_HOME: home }),
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  copy = makeTempDir("baton-throwaway-");
  cpSync(join(PROJECT_ROOT, "src"), join(copy, "src"), { recursive: true });
  cpSync(join(PROJECT_ROOT, "package.json"), join(copy, "package.json"));
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(copy, "node_modules"));
  // The folder and the one registry line; no other file is touched.
  mkdirSync(join(copy, "src/agents/scratch"));
  writeFileSync(join(copy, "src/agents/scratch/scratch-agent.ts"), AGENT);
  writeFileSync(join(copy, "src/agents/scratch/scratch-reader.ts"), READER);
  const registry = join(copy, "src/adapters/registry.ts");
  const source = readFileSync(registry, "utf8");
  const lastEntry = "  defineAdapter(clineAgent),\n";
  expect(source).toContain(lastEntry);
  writeFileSync(
    registry,
    `import { scratchAgent } from "../agents/scratch/scratch-agent.ts";\n${source.replace(
      lastEntry,
      `${lastEntry}  defineAdapter(scratchAgent),\n`,
    )}`,
  );

  repo = makeTempRepo({ branch: "feat/scratch" });
  home = makeTempDir("baton-scratch-home-");
  mkdirSync(join(home, "sessions"));
  const session = [
    { cwd: repo.dir, at: "2026-12-01T10:00:00.000Z" },
    { role: "user", text: "Make the parser accept trailing commas" },
    { role: "assistant", text: "The parser now accepts trailing commas; tests pass." },
  ];
  writeFileSync(
    join(home, "sessions/scr-0001.jsonl"),
    `${session.map((record) => JSON.stringify(record)).join("\n")}\n`,
  );
});

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  repo.cleanup();
});

describe("an agent added as one folder and one registry line", () => {
  it("is listed by baton sessions", () => {
    const run = baton("sessions", "--agent", "scratch");
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/scratch\s+scr-0001\s.*Make the parser accept trailing commas/);
  });

  it("is readable by baton read", () => {
    const run = baton("read", "scr-0001");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("# Scratch session scr-0001");
    expect(run.stdout).toContain("The parser now accepts trailing commas; tests pass.");
  });

  it("is accepted by create --from", () => {
    const run = baton("create", "--from", "scratch", "--latest");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("baton: summarizing Scratch session scr-0001");
    const document = readFileSync(join(repo.dir, run.stdout.trim()), "utf8");
    expect(document).toContain("agent: scratch");
    expect(document).toContain("Make the parser accept trailing commas");
  });

  it("is named in install --help as not installable, and in unknown-agent errors", () => {
    const help = baton("install", "--help");
    expect(help.stdout).toMatch(
      /Not installable[^:]*:\s+qwen-code,\s+kilo,\s+continue,\s+nanocoder,\s+cline,\s+scratch\./,
    );
    const install = baton("install", "scratch");
    expect(install.code).toBe(2);
    expect(install.stderr).toContain("Scratch is not one of the agents baton can install");
    const unknown = baton("read", "--agent", "nobody", "--latest");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'unknown agent "nobody"; the agents whose sessions baton reads are claude-code, codex, opencode, copilot, gemini-cli, qwen-code, pi, kilo, continue, nanocoder, cline, scratch',
    );
  });
});
