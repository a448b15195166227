import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import {
  type RecordedRequest,
  startModelServer,
} from "../support/model-server/start-model-server.ts";
import {
  configureOpenCode,
  type OpenCodeServer,
  routedChat,
  runBaton,
  startOpenCodeServer,
  waitFor,
} from "./opencode-server.ts";

/**
 * OpenCode's reviewed handoff (issue 18, seed 003) in the real OpenCode 1.18.33 (`opencode
 * serve`), installed with the real `baton install opencode`, against the scripted model
 * server: `/session-handoff` has the model call `session_handoff` with `preview: true`
 * first, which drafts the handoff and returns it for the model to show, writing nothing and
 * starting no session; a cancel leaves it so; only the call after the user's confirmation
 * writes the document and creates the new session. The model's turns are scripted as the
 * command file tells a model to act; what is proved is what the real plugin does with them.
 */
const HANDOFF = {
  summary: "The parser works; token refresh is half done (reviewed summary 3W7).",
  goal: "Make login sessions survive token refresh",
  next_steps: ["Add a mutex around refresh"],
};

interface SessionInfo {
  id: string;
  title: string;
}

interface StoredMessage {
  info: { role: string; time: { completed?: number } };
  parts: { type: string; text?: string }[];
}

/** Prompts a session and waits until its turn ended and every session is idle. */
async function prompt(opencode: OpenCodeServer, id: string, text: string): Promise<void> {
  await opencode.call("POST", `/session/${id}/prompt_async`, { parts: [{ type: "text", text }] });
  await waitFor(
    async () => {
      const messages = await opencode.call<StoredMessage[]>("GET", `/session/${id}/message`);
      const mine = messages.findIndex(
        (m) => m.info.role === "user" && m.parts.some((p) => p.text?.includes(text)),
      );
      const last = messages.at(-1);
      if (mine < 0 || last === undefined || messages.length - 1 <= mine) return false;
      if (last.info.role !== "assistant" || last.info.time.completed === undefined) return false;
      const status = await opencode.call<Record<string, { type: string }>>(
        "GET",
        "/session/status",
      );
      return Object.values(status).every((s) => s.type === "idle");
    },
    { what: `the turn after "${text}"` },
  );
}

describe("the reviewed handoff in the real OpenCode", { timeout: 200_000 }, () => {
  it("/session-handoff: the draft is shown first, a cancel changes nothing, a confirmation writes and starts the new session", async (test) => {
    const home = makeAgentHome();
    let main: string | undefined;
    const others: string[] = [];
    const roleOf = (id: string | undefined) => {
      if (id === main) return "main";
      if (id === undefined) return "unknown";
      if (!others.includes(id)) others.push(id);
      return `other${others.indexOf(id) + 1}`;
    };
    const model = await startModelServer({
      scripts: {
        main: [
          callTools({ name: "session_handoff", input: { ...HANDOFF, preview: true } }),
          reply("Start a new session with this handoff? Reply yes to start it, or cancel."),
          reply("Cancelled; nothing was written."),
          callTools({ name: "session_handoff", input: { ...HANDOFF, preview: true } }),
          reply("Start a new session with this handoff? Reply yes to start it, or cancel."),
          callTools({ name: "session_handoff", input: HANDOFF }),
          reply("Handed off."),
        ],
        other1: [reply("Continuing from the handoff.")],
      },
      adapters: [routedChat(roleOf)],
    });
    let opencode: OpenCodeServer | undefined;
    test.onTestFinished(async ({ task }) => {
      if (task.result?.state === "fail") console.error(opencode?.output() ?? "(not started)");
      await opencode?.close();
      await model.close();
      home.cleanup();
    });
    configureOpenCode(home, model.url);
    const install = await runBaton(home, ["install", "opencode", "--scope", "user"]);
    expect(install.code, install.stderr).toBe(0);
    const command = join(home.home, ".config", "opencode", "commands", "session-handoff.md");
    expect(readFileSync(command, "utf8")).toContain("preview: true");
    opencode = await startOpenCodeServer(home);
    const server = opencode;

    const session = await server.call<SessionInfo>("POST", "/session", { title: "Auth work" });
    main = session.id;
    const handoffs = join(home.repo.dir, "docs", "handoffs");
    const sessionIds = async () =>
      (await server.call<SessionInfo[]>("GET", "/session")).map((s) => s.id).sort();
    const before = await sessionIds();
    const turns = (): RecordedRequest[] =>
      model.requests.filter(
        (r) => r.conversation === "main" && r.side === false && r.failure === undefined,
      );

    // The person's /session-handoff, through OpenCode's own command endpoint; it answers at
    // the turn's end, so it is not awaited (a long request may be dropped), the turn is.
    void server
      .call("POST", `/session/${main}/command`, { command: "session-handoff", arguments: "" })
      .catch(() => undefined);
    await waitFor(() => model.remaining("main") === 5, { what: "the preview turn" });
    await waitFor(
      async () => {
        const status = await server.call<Record<string, { type: string }>>(
          "GET",
          "/session/status",
        );
        return Object.values(status).every((s) => s.type === "idle");
      },
      { what: "the session to be idle after the preview" },
    );
    const [asked, shown] = turns();
    // The installed command reached the model, and the preview's result holds the draft.
    expect(asked?.text).toContain("session_handoff tool now with preview: true");
    expect(shown?.text).toContain("Handoff draft (about");
    expect(shown?.text).toContain("## Session Handoff");
    expect(shown?.text).toContain("Make login sessions survive token refresh");
    expect(shown?.text).toContain("reviewed summary 3W7");
    expect(shown?.text).toContain("Nothing was written and no session was started");
    expect(existsSync(handoffs)).toBe(false);
    expect(await sessionIds()).toEqual(before);

    await prompt(server, main, "cancel");
    expect(existsSync(handoffs)).toBe(false);
    expect(await sessionIds()).toEqual(before);
    expect(others).toHaveLength(0);

    await prompt(server, main, "Hand off after all, please");
    expect(existsSync(handoffs)).toBe(false);
    await prompt(server, main, "yes");
    await waitFor(() => model.remaining("other1") === 0, { what: "the new session's turn" });
    model.assertNoFailures();
    const after = await server.call<SessionInfo[]>("GET", "/session");
    const next = after.find((s) => s.title === "Handoff: Auth work");
    expect(next, JSON.stringify(after.map((s) => s.title))).toBeDefined();
    expect(others[0]).toBe(next?.id);
    const written = [
      ...readdirSync(handoffs),
      ...(existsSync(join(handoffs, "_archive")) ? readdirSync(join(handoffs, "_archive")) : []),
    ].filter((name) => name.endsWith(".md"));
    expect(written).toHaveLength(1);
    const first = model.requests.find((r) => r.conversation === "other1");
    expect(first?.text).toContain("reviewed summary 3W7");
  });
});
