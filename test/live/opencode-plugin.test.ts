import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { type AgentHome, makeAgentHome } from "../support/agents/agent-home.ts";
import { seedOpenCodeDependencies } from "../support/agents/run-opencode.ts";
import { FIXTURES_ROOT } from "../support/fixtures/fixture-facts.ts";
import { OPENCODE_COMPACT_SUMMARY } from "../support/model-server/openai-chat.ts";
import { callTools, reply, type Script } from "../support/model-server/script.ts";
import {
  type ModelServer,
  type RecordedRequest,
  startModelServer,
} from "../support/model-server/start-model-server.ts";
import {
  configureOpenCode,
  type OpenCodeServer,
  REVIEWER_AGENT,
  REVIEWER_MARKER,
  routedChat,
  runBaton,
  startOpenCodeServer,
  waitFor,
} from "./opencode-server.ts";

/**
 * The plugin in the real OpenCode 1.18.33 (`opencode serve`), installed with the real
 * `baton install opencode --scope user`, against the scripted model server. Each test
 * drives sessions over OpenCode's HTTP API; the model server tells which session asked
 * by the `x-session-id` header.
 */

interface World {
  home: AgentHome;
  model: ModelServer;
  opencode: OpenCodeServer;
  roles: SessionRoles;
  install: { code: number; stdout: string; stderr: string };
}

/** Names sessions for the scripts: the test's own session is "main", others "other1", "other2", … by first request. */
class SessionRoles {
  main: string | undefined;
  readonly others: string[] = [];
  roleOf = (id: string | undefined): string => {
    if (id === undefined) return "unknown";
    if (id === this.main) return "main";
    if (!this.others.includes(id)) this.others.push(id);
    return `other${this.others.indexOf(id) + 1}`;
  };
}

/** `test` is the running test's context: with concurrent tests, only it knows whose cleanup is whose. */
async function startWorld(
  test: TestContext,
  scripts: Record<string, Script>,
  options: { env?: Record<string, string>; scope?: "user" | "project"; contextLimit?: number } = {},
): Promise<World> {
  const home = makeAgentHome();
  const roles = new SessionRoles();
  const model = await startModelServer({ scripts, adapters: [routedChat(roles.roleOf)] });
  let opencode: OpenCodeServer | undefined;
  test.onTestFinished(async ({ task }) => {
    if (task.result?.state === "fail") {
      // What OpenCode logged (WARN and above) is the first clue when a live test fails.
      console.error(`opencode serve output:\n${opencode?.output() ?? "(not started)"}`);
    }
    await opencode?.close();
    await model.close();
    home.cleanup();
  });
  configureOpenCode(home, model.url, options.contextLimit);
  cpSync(join(CLAUDE_FIXTURE, "home", ".claude"), join(home.home, ".claude"), { recursive: true });
  const scope = options.scope ?? "user";
  const install = await runBaton(home, ["install", "opencode", "--scope", scope]);
  expect(install.code, install.stderr).toBe(0);
  // OpenCode npm-installs its plugin package into every config folder it loads unless the
  // folder already holds it; offline that install would stall start-up for a minute.
  if (scope === "project") seedOpenCodeDependencies(join(home.repo.dir, ".opencode"));
  opencode = await startOpenCodeServer(home, { env: options.env });
  return { home, model, opencode, roles, install };
}

interface SessionInfo {
  id: string;
  title: string;
  parentID?: string;
}

async function createSession(world: World, title: string): Promise<string> {
  const session = await world.opencode.call<SessionInfo>("POST", "/session", { title });
  world.roles.main = session.id;
  return session.id;
}

interface StoredMessage {
  info: { role: string; time: { completed?: number } };
  parts: { type: string; text?: string }[];
}

/**
 * Prompts a session and waits for its turn to end. The prompt is sent with `prompt_async`
 * and the end is polled for: OpenCode's HTTP server drops a request that stays unanswered
 * for about 10 s, which a synchronous prompt on a loaded machine can exceed.
 */
async function prompt(world: World, id: string, text: string): Promise<StoredMessage> {
  await world.opencode.call("POST", `/session/${id}/prompt_async`, {
    parts: [{ type: "text", text }],
  });
  let answer: StoredMessage | undefined;
  await waitFor(
    async () => {
      const messages = await world.opencode.call<StoredMessage[]>("GET", `/session/${id}/message`);
      const mine = messages.findIndex(
        (m) => m.info.role === "user" && m.parts.some((p) => p.text === text),
      );
      const last = messages.at(-1);
      if (mine < 0 || last === undefined || messages.length - 1 <= mine) return false;
      if (last.info.role !== "assistant" || last.info.time.completed === undefined) return false;
      const status = await world.opencode.call<Record<string, { type: string }>>(
        "GET",
        "/session/status",
      );
      if ((status[id]?.type ?? "idle") !== "idle") return false;
      answer = last;
      return true;
    },
    { what: `the turn after "${text}"` },
  );
  return answer as StoredMessage;
}

function turns(world: World, role: string): RecordedRequest[] {
  return world.model.requests.filter(
    (request) =>
      request.conversation === role && request.side === false && request.failure === undefined,
  );
}

/** Waits until every turn of a script was asked for and the sessions went idle again. */
async function settle(world: World, role: string): Promise<void> {
  await waitFor(() => world.model.remaining(role) === 0, {
    what: `the ${role} script to be used up (${world.model.remaining(role)} turns left)`,
  });
  await waitIdle(world);
}

async function waitIdle(world: World): Promise<void> {
  await waitFor(
    async () => {
      const status = await world.opencode.call<Record<string, { type: string }>>(
        "GET",
        "/session/status",
      );
      return Object.values(status).every((s) => s.type === "idle");
    },
    { what: "every session to be idle" },
  );
}

/**
 * OpenCode's bus events as the server streams them on `GET /event` (SSE), collected from
 * now until the test ends: what a TUI would receive, observable under `serve`.
 */
function listenEvents(
  test: TestContext,
  opencode: OpenCodeServer,
): { type: string; properties: Record<string, unknown> }[] {
  const events: { type: string; properties: Record<string, unknown> }[] = [];
  const { hostname, port } = new URL(opencode.url);
  let buffer = "";
  const req = httpRequest({ host: hostname, port, path: "/event", agent: false }, (res) => {
    res.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("data: ")) events.push(JSON.parse(line.slice(6)));
      }
    });
  });
  req.on("error", () => {});
  req.end();
  test.onTestFinished(() => {
    req.destroy();
  });
  return events;
}

/** A recorded Claude Code session, put in every test home for read_session to find. */
const CLAUDE_FIXTURE = join(FIXTURES_ROOT, "claude-code", "2.1.197", "fix-off-by-one");
const CLAUDE_SESSION = "f70707c8-ba96-4a85-9191-768fcf613259";

const TODOS = [
  { id: "1", content: "Write the token parser", status: "completed", priority: "high" },
  { id: "2", content: "Fix token refresh race", status: "in_progress", priority: "high" },
  { id: "3", content: "Add logout endpoint", status: "pending", priority: "medium" },
];

/** A few OpenCode runs each; OpenCode alone takes seconds to start on a loaded machine. */
const LIVE_TIMEOUT_MS = 150_000;

// Concurrent: each test has its own HOME, repository, model server and OpenCode server, and
// most of a test's time is OpenCode starting up.
describe.concurrent("baton's OpenCode plugin in the real opencode", {
  timeout: LIVE_TIMEOUT_MS,
}, () => {
  it("session_handoff starts a new session with the continuation prompt; read_session there reads the old one", async (test) => {
    const readCall = { name: "read_session", input: {} as Record<string, unknown> };
    const world = await startWorld(test, {
      main: [
        callTools({ name: "todowrite", input: { todos: TODOS } }),
        callTools({
          name: "session_handoff",
          input: {
            summary: "Token refresh is half done; the parser works.",
            goal: "Make login sessions survive token refresh",
            next_steps: ["Add a mutex around refresh", "Test concurrent requests"],
          },
        }),
        reply("Handed off."),
      ],
      other1: [
        callTools(readCall),
        callTools({ name: "read_session", input: { session_id: CLAUDE_SESSION, last: 3 } }),
        reply("Continuing from the handoff."),
      ],
    });
    expect(world.install.stdout).toContain("plugins/baton.js");
    const old = await createSession(world, "Auth refresh work");
    readCall.input.session_id = old;

    await prompt(world, old, "Work on auth, then hand off. MARKER-OLD-PROMPT");
    await settle(world, "other1");
    world.model.assertNoFailures();

    const sessions = await world.opencode.call<SessionInfo[]>("GET", "/session");
    const next = sessions.find((s) => s.title === "Handoff: Auth refresh work");
    expect(next, JSON.stringify(sessions.map((s) => s.title))).toBeDefined();
    expect(world.roles.others[0]).toBe(next?.id);

    const [first, afterRead, afterForeign] = turns(world, "other1");
    expect(first?.text).toContain("## Session Handoff");
    expect(first?.text).toContain("Make login sessions survive token refresh");
    expect(first?.text).toContain("1/3 done");
    expect(first?.text).toContain("Fix token refresh race");
    expect(first?.text).toContain("Add logout endpoint");
    expect(first?.text).toContain(`Previous: opencode session \`${old}\``);
    expect(first?.text).not.toContain("MARKER-OLD-PROMPT");

    // read_session's result is in the new session's next request: the old session's messages.
    expect(afterRead?.text).toContain(`# OpenCode session ${old}`);
    expect(afterRead?.text).toContain("MARKER-OLD-PROMPT");
    expect(afterRead?.text).toContain("session_handoff");

    // Another agent's session id is read through baton's readers.
    expect(afterForeign?.text).toContain(`# Claude Code session ${CLAUDE_SESSION}`);
    expect(afterForeign?.text).toContain("last 3 messages");

    // Claimed by the new session when it got the prompt; restored (archived) once it answered.
    const archive = join(world.home.repo.dir, "docs", "handoffs", "_archive");
    await waitFor(() => existsSync(archive) && readdirSync(archive).length === 1, {
      what: "the handoff to be restored into _archive/",
    });
    const [file] = readdirSync(archive);
    const document = readFileSync(join(archive, file as string), "utf8");
    expect(document).toContain("status: archived");
    expect(document).toMatch(/restored_at: 20\d\d-/);
    expect(document).toContain(`session: ${next?.id}`);
    expect(document).toContain("trigger: tool");
    expect(document).toContain(old);
    expect(document).toContain("Fix token refresh race");
  });

  it("request_handoff changes nothing: the model gets handoff-requested, the person gets /session-handoff in the prompt box", async (test) => {
    const reason = "The context is nearly full after the parser work.";
    const world = await startWorld(test, {
      main: [
        callTools({ name: "request_handoff", input: { reason } }),
        reply("Waiting for you to confirm the handoff."),
      ],
    });
    const main = await createSession(world, "Asks for a handoff");
    const before = await world.opencode.call<SessionInfo[]>("GET", "/session");
    const events = listenEvents(test, world.opencode);
    await waitFor(() => events.some((e) => e.type === "server.connected"), {
      what: "the event stream",
    });

    await prompt(world, main, "keep going until the context fills");
    await settle(world, "main");
    world.model.assertNoFailures();

    const afterTool = turns(world, "main")[1]?.text ?? "";
    expect(afterTool).toContain('"status":"handoff-requested"');
    expect(afterTool).toContain(reason);
    expect(afterTool).toContain("stop working and wait for them");

    const after = await world.opencode.call<SessionInfo[]>("GET", "/session");
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    expect(world.roles.others).toHaveLength(0);
    expect(existsSync(join(world.home.repo.dir, "docs", "handoffs"))).toBe(false);

    // What a TUI attached to this server would be sent: the prompt text and the toast.
    await waitFor(() => events.some((e) => e.type === "tui.prompt.append"), {
      what: "the tui.prompt.append event",
    });
    expect(events.filter((e) => e.type === "tui.prompt.append").map((e) => e.properties)).toEqual([
      { text: "/session-handoff" },
    ]);
    const toast = events.find((e) => e.type === "tui.toast.show");
    expect(toast?.properties.message).toBe(
      `The model asks for a handoff: ${reason} — press Enter to review it with /session-handoff`,
    );
  });

  it("session modes: message relays to the target agent after the turn, new starts clean, fork carries the history", async (test) => {
    const sessionCall = (input: Record<string, unknown>) => callTools({ name: "session", input });
    const world = await startWorld(test, {
      main: [
        sessionCall({
          mode: "message",
          agent: REVIEWER_AGENT,
          text: "RELAY-TEXT: review the parser",
        }),
        reply("Passing to the reviewer."),
        reply("Reviewer: the parser looks fine."),
        sessionCall({ mode: "new", agent: REVIEWER_AGENT, text: "NEW-TEXT: research rate limits" }),
        reply("Started a clean session."),
        sessionCall({ mode: "fork", text: "FORK-TEXT: try the Redux approach" }),
        reply("Forked."),
        sessionCall({ mode: "message", agent: "nobody", text: "never sent" }),
        reply("Bad agent noted."),
      ],
      other1: [reply("New session here.")],
      other2: [reply("Fork here.")],
    });
    const main = await createSession(world, "Modes");

    // message: the reviewer answers in the same session once the build turn is over.
    await prompt(world, main, "MARKER-MAIN-HISTORY: pass this to the reviewer");
    await waitFor(() => turns(world, "main").length === 3, { what: "the relayed turn" });
    const [asked, toolResult, relayed] = turns(world, "main");
    expect(asked?.text).not.toContain(REVIEWER_MARKER);
    expect(toolResult?.text).toContain("Queued: when this turn ends, reviewer gets the message");
    expect(relayed?.text).toContain(REVIEWER_MARKER);
    expect(relayed?.text).toContain("RELAY-TEXT: review the parser");
    expect(relayed?.text).toContain("Passing to the reviewer.");
    await waitIdle(world);

    // new: a clean session with the reviewer: the message, none of the history.
    await prompt(world, main, "now start a new session");
    await waitFor(() => turns(world, "other1").length === 1, { what: "the new session's request" });
    const [fresh] = turns(world, "other1");
    expect(fresh?.text).toContain(REVIEWER_MARKER);
    expect(fresh?.text).toContain("NEW-TEXT: research rate limits");
    expect(fresh?.text).not.toContain("MARKER-MAIN-HISTORY");

    // fork: a copy of the session with its history, prompted with the message.
    await prompt(world, main, "now fork");
    await waitFor(() => turns(world, "other2").length === 1, { what: "the fork's request" });
    const [forked] = turns(world, "other2");
    expect(forked?.text).toContain("FORK-TEXT: try the Redux approach");
    expect(forked?.text).toContain("MARKER-MAIN-HISTORY");
    expect(forked?.text).toContain("RELAY-TEXT: review the parser");

    // An unknown agent is refused with the valid names; nothing is queued.
    await prompt(world, main, "pass to nobody");
    const refused = turns(world, "main").at(-1);
    expect(refused?.text).toMatch(
      /unknown agent "nobody"; valid agents: .*build.*plan.*reviewer|unknown agent "nobody"; valid agents: .*reviewer/,
    );
    await settle(world, "main");
    world.model.assertNoFailures();
    expect(turns(world, "main")).toHaveLength(9);

    const sessions = await world.opencode.call<SessionInfo[]>("GET", "/session");
    expect(sessions.map((s) => s.id)).toEqual(expect.arrayContaining(world.roles.others));
    const titleOf = (id: string | undefined) => sessions.find((s) => s.id === id)?.title;
    expect(titleOf(world.roles.others[0])).toBe("reviewer: NEW-TEXT: research rate limits");
    // OpenCode's fork is a titled copy in the session list (no parentID: not hidden like a subagent's).
    expect(titleOf(world.roles.others[1])).toBe("Modes (fork #1)");
  });

  it("session compact: a handoff is written, the session compacts, the continuation comes back and the target agent answers", async (test) => {
    const world = await startWorld(test, {
      main: [
        callTools({ name: "todowrite", input: { todos: TODOS } }),
        callTools({
          name: "session",
          input: {
            mode: "compact",
            agent: REVIEWER_AGENT,
            text: "AFTER-COMPACT-TEXT: review it all",
          },
        }),
        reply("Compacting now."),
        reply("Reviewer after compaction."),
      ],
    });
    const main = await createSession(world, "Long work");
    await prompt(world, main, "MARKER-BEFORE-COMPACTION: long work, then compact");
    await settle(world, "main");
    world.model.assertNoFailures();

    const compaction = world.model.requests.filter((r) => r.side === "compact");
    expect(compaction).toHaveLength(1);
    // The handoff captured before compaction is part of what the compaction must keep.
    expect(compaction[0]?.text).toContain(
      "baton wrote a handoff of this session before compaction",
    );

    const last = turns(world, "main").at(-1);
    expect(last?.text).toContain(REVIEWER_MARKER);
    expect(last?.text).toContain("[Compacting session — reviewer will respond]");
    expect(last?.text).toContain("## Session Handoff");
    expect(last?.text).toContain(`Previous: opencode session \`${main}\``);
    expect(last?.text).toContain("AFTER-COMPACT-TEXT: review it all");

    const handoffs = join(world.home.repo.dir, "docs", "handoffs");
    const files = readdirSync(handoffs).filter((f) => f.endsWith(".md"));
    expect(files).toHaveLength(1);
    const document = readFileSync(join(handoffs, files[0] as string), "utf8");
    expect(document).toContain("trigger: compact");
    expect(document).toContain("Fix token refresh race");
  });

  it("a failing plugin step (handoff folder not writable) leaves OpenCode working", async (test) => {
    const world = await startWorld(
      test,
      {
        main: [
          callTools({ name: "session_handoff", input: { summary: "Trying to hand off." } }),
          reply("The handoff failed; carrying on here."),
          reply("Still working."),
        ],
      },
      // A folder below a file: no one can create it, root included.
      { env: { BATON_DIR: "/dev/null/handoffs", BATON_ALLOW_OUTSIDE: "1" }, scope: "project" },
    );
    expect(world.install.stdout).toContain(".opencode/plugins/baton.js");
    const main = await createSession(world, "Unwritable");
    await prompt(world, main, "hand off please");
    const afterTool = turns(world, "main")[1];
    expect(afterTool?.text).toContain(
      "the handoff folder /dev/null/handoffs is a file, not a folder",
    );

    // The same session still works, and compaction still runs without a handoff.
    const answer = await prompt(world, main, "anything else?");
    expect(answer.parts.some((p) => p.text === "Still working.")).toBe(true);
    await world.opencode.call("POST", `/session/${main}/summarize`, {
      providerID: "baton-test",
      modelID: "scripted-model",
    });
    await waitIdle(world);
    world.model.assertNoFailures();
    expect(world.model.requests.filter((r) => r.side === "compact")).toHaveLength(1);
    const sessions = await world.opencode.call<SessionInfo[]>("GET", "/session");
    expect(sessions.filter((s) => s.title.startsWith("Handoff:"))).toHaveLength(0);
    const log = readFileSync(
      join(world.home.home, ".local", "state", "baton", "opencode.log"),
      "utf8",
    );
    expect(log).toContain("compacting");
  });

  it("OpenCode's own compaction: a handoff before it, the continuation back before OpenCode carries on", async (test) => {
    const world = await startWorld(
      test,
      { main: [callTools({ name: "todowrite", input: { todos: TODOS } }), reply("Carrying on.")] },
      // The first prompt alone nears this window; what follows the compaction does not.
      { contextLimit: 4_700 },
    );
    const main = await createSession(world, "Overflow");
    await prompt(world, main, `MARKER-LONG-PROMPT ${"filler words here ".repeat(450)}`);
    await settle(world, "main");
    world.model.assertNoFailures();

    expect(world.model.requests.filter((r) => r.side === "compact")).toHaveLength(1);
    const [, afterCompaction] = turns(world, "main");
    expect(afterCompaction?.text).toContain("## Session Handoff");
    expect(afterCompaction?.text).toContain("Fix token refresh race");
    expect(afterCompaction?.text).toContain(`Previous: opencode session \`${main}\``);
    // After the summary and before the "continue" turn.
    const text = afterCompaction?.text ?? "";
    expect(text.indexOf("## Session Handoff")).toBeLessThan(
      text.indexOf("Continue if you have next steps"),
    );
    expect(text.indexOf(OPENCODE_COMPACT_SUMMARY)).toBeGreaterThan(-1);
    expect(text.indexOf(OPENCODE_COMPACT_SUMMARY)).toBeLessThan(text.indexOf("## Session Handoff"));

    const handoffs = join(world.home.repo.dir, "docs", "handoffs");
    const files = readdirSync(handoffs).filter((f) => f.endsWith(".md"));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(handoffs, files[0] as string), "utf8")).toContain("trigger: compact");

    // A second compaction (asked for this time) continues the first handoff and supersedes it.
    await world.opencode.call("POST", `/session/${main}/summarize`, {
      providerID: "baton-test",
      modelID: "scripted-model",
    });
    await waitIdle(world);
    world.model.assertNoFailures();
    const [first, second] = [...files, ...readdirSync(handoffs).filter((f) => !files.includes(f))]
      .filter((f) => f.endsWith(".md"))
      .map((f) => readFileSync(join(handoffs, f), "utf8"));
    const id = (document: string | undefined) => /^id: (.+)$/m.exec(document ?? "")?.[1];
    expect(second).toContain("trigger: compact");
    expect(second).toContain(`parent: ${id(first)}`);
    expect(first).toContain("status: superseded");
    expect(first).toContain(`superseded_by: ${id(second)}`);
  });
});
