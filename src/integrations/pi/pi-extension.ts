import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { ExtensionAPI, ExtensionContext } from "@earendil-works/pi-coding-agent";
import { batonEntryPath, hookEntryPath } from "../baton-entry.ts";
import { hookLogPath } from "../baton-state-dir.ts";
import { shellQuote } from "../claude-code/hook-command-line.ts";
import { handoffInstructions } from "../handoff-instructions.ts";
import { COMPACT_HANDOFF_LEAD } from "../handoff-leads.ts";
import { PI_HOOK_TIMEOUTS, type PiHookEvent } from "./pi-hook-events.ts";

/**
 * The baton that Pi runs: node and the entry scripts, by absolute path, as install wrote
 * them into the extension file (`baton install pi`); for a project's own baton, the
 * extension module's own package and the `node` on PATH.
 */
export interface BatonPaths {
  node: string;
  /** The CLI (`baton …`): the MCP server and /handoff. */
  entry: string;
  /** The hooks' light entry (`hook-main <agent> <event>`). */
  hookEntry: string;
}

/** The custom message type of what baton puts in front of the model. */
export const HANDOFF_MESSAGE = "baton-handoff";

/** How long /handoff and a session switch wait for `baton create`. */
const CREATE_TIMEOUT_MS = 60_000;
/** How long /handoff waits for the model's run it starts (its preview and question). */
const HANDOFF_RUN_TIMEOUT_MS = 600_000;

/**
 * baton's Pi extension. It holds no baton code: every event runs `hook-main pi <event>` with
 * Claude Code's hook input on stdin, so capture, the trust gate, the claim and redaction are
 * the ones the other agents' hooks run. Loaded inside Pi, it imports nothing but Node's own
 * modules (and where the hooks' log is, and /handoff's text), and nothing it does can fail Pi: a hook that errs,
 * hangs or is missing answers nothing, and the session goes on as without baton.
 *
 * - `session_start` starts the SessionStart hook at once (an open handoff of this branch
 *   from another session, trusted, is claimed); the session's first `before_agent_start`
 *   waits for it and adds its answer as a message, which Pi stores in the session and sends
 *   to the model as a user message.
 * - `session_before_compact` captures the session into a handoff and gives it to Pi as the
 *   compaction's summary: what the model holds after a compaction is baton's handoff, and the
 *   next compaction's handoff continues it (its parent), not a summary of a summary. Without
 *   one (capture failed, untrusted, too slow, cancelled) Pi writes its own summary, and
 *   `session_compact` puts whatever baton answers after it, for the request that follows.
 * - `agent_settled` after the first run that answered: the claimed handoff is restored.
 * - `/handoff [goal]` asks the model to draft the handoff, preview it and write it once the
 *   user confirms; `/handoff-now [goal]` writes one at once (`baton create --from pi`), and so
 *   does leaving a session that worked since its last capture (`session_shutdown`): for
 *   `/new`, whose first run then starts with it, and at the quit of an interactive or RPC
 *   session.
 * - baton's MCP server (`baton mcp`), its tools declared to the model directly.
 *
 * No `ctx` is kept across events: since Pi 0.69 a session switch makes an old one throw.
 */
export function batonExtension(baton: BatonPaths = projectBaton()): (pi: ExtensionAPI) => void {
  return (pi) => {
    // The SessionStart answer, started when the session starts; taken by its first run.
    let starting: Promise<string | null> | null = null;
    // A handoff was put in front of the model: the first run that answers acknowledges it.
    let awaitingAck = false;
    let lastRunAnswered = false;
    // Between a run's first turn and its end: a compaction now is followed by another turn.
    let midRun = false;
    // A run answered since the session was last captured (compaction, /handoff, a switch).
    let workedSinceCapture = false;
    // /handoff waits for the run its message starts: a --print run exits once it returns.
    let runEnded: (() => void) | null = null;

    // Pi refuses a second registration of the name and would fail to start; the copy of this
    // extension loaded first (the other scope's) does all the work, so this one stops here:
    // two would capture and inject everything twice.
    if (!registerMcpServer(pi, baton)) return;

    pi.on("session_start", (event, ctx) => {
      if (event.reason === "reload") return;
      const source = event.reason === "new" || event.reason === "fork" ? "startup" : event.reason;
      starting = runHook(baton, "SessionStart", hookInput(ctx, "SessionStart", { source }));
    });

    pi.on("before_agent_start", async () => {
      const pending = starting;
      starting = null;
      const text = contextOf(pending === null ? null : await pending);
      if (text === null) return undefined;
      awaitingAck = true;
      return { message: { customType: HANDOFF_MESSAGE, content: text, display: true } };
    });

    pi.on("turn_start", () => {
      midRun = true;
    });

    pi.on("agent_end", (event) => {
      midRun = false;
      runEnded?.();
      runEnded = null;
      const last = [...event.messages].reverse().find((m) => m.role === "assistant");
      lastRunAnswered =
        last !== undefined &&
        "stopReason" in last &&
        last.stopReason !== "error" &&
        last.stopReason !== "aborted";
      if (lastRunAnswered) workedSinceCapture = true;
    });

    pi.on("agent_settled", async (event, ctx) => {
      if (!awaitingAck || event.aborted || !lastRunAnswered) return;
      awaitingAck = false;
      await runHook(baton, "Stop", hookInput(ctx, "Stop", {}));
    });

    // The compaction being written has baton's handoff for its summary.
    let summarySupplied = false;

    pi.on("session_before_compact", async (event, ctx) => {
      summarySupplied = false;
      const trigger = event.reason === "manual" ? "manual" : "auto";
      const captured = capturedId(
        await runHook(baton, "PreCompact", hookInput(ctx, "PreCompact", { trigger }), event.signal),
      );
      workedSinceCapture = false;
      if (event.signal.aborted) return undefined;
      const answer = await runHook(
        baton,
        "SessionStart",
        hookInput(ctx, "SessionStart", { source: "compact" }),
        event.signal,
      );
      const text = contextOf(answer);
      // No handoff of this session, a notice, or an older one (this capture failed): Pi
      // writes its own summary.
      if (
        text === null ||
        !text.startsWith(COMPACT_HANDOFF_LEAD) ||
        captured === null ||
        !text.includes(`${captured}.md`) ||
        event.signal.aborted
      ) {
        return undefined;
      }
      summarySupplied = true;
      const { firstKeptEntryId, tokensBefore } = event.preparation;
      return { compaction: { summary: text, firstKeptEntryId, tokensBefore } };
    });

    pi.on("session_compact_failed", () => {
      summarySupplied = false;
    });

    pi.on("session_compact", async (event, ctx) => {
      const supplied = summarySupplied;
      summarySupplied = false;
      // The summary is the handoff already.
      if (supplied && event.fromExtension) return;
      const answer = await runHook(
        baton,
        "SessionStart",
        hookInput(ctx, "SessionStart", { source: "compact" }),
      );
      const text = contextOf(answer);
      if (text === null) return;
      const message = { customType: HANDOFF_MESSAGE, content: text, display: true };
      // Mid-run, steered into the next turn's request. Otherwise (idle, before a prompt, or
      // after the run's last answer) stored for the next request: steering then would start
      // a turn of its own, the model answering the handoff unasked.
      if (midRun) pi.sendMessage(message, { deliverAs: "steer" });
      else pi.sendMessage(message, { triggerTurn: false });
    });

    // /handoff: the model writes the sections and previews them, the person confirms, as
    // /handoff does in the other agents. /handoff-now: baton alone, at once, no model (a
    // rate-limited model cannot write one).
    pi.registerCommand("handoff", {
      description:
        "Write a handoff of this session: the model drafts it with baton, you review it ([goal])",
      handler: async (args, ctx) => {
        const goal = args.trim();
        const session = ctx.sessionManager.getSessionId();
        const command = `${shellQuote(baton.node)} ${shellQuote(baton.entry)}`;
        const ended = new Promise<void>((resolve) => {
          runEnded = resolve;
        });
        pi.sendUserMessage(
          handoffInstructions({
            goalLine:
              goal === ""
                ? "The user gave no goal with the request."
                : `Goal given by the user: ${goal}`,
            shell: "bash",
            create: `${command} create --trigger command --stdin --from pi --session ${shellQuote(session)}`,
            record: "this Pi session's file",
          }),
        );
        // The model's turn (preview, then the question to the user) runs now; a --print run
        // would end with this handler, before it.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          ended,
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, HANDOFF_RUN_TIMEOUT_MS);
          }),
        ]);
        clearTimeout(timer);
      },
    });

    pi.registerCommand("handoff-now", {
      description: "Write a handoff of this session with baton at once, without the model ([goal])",
      handler: async (args, ctx) => {
        const result = await createHandoff(pi, baton, ctx, args.trim(), "command");
        workedSinceCapture = false;
        const said = (result.code === 0 ? result.stdout : result.stderr).trim();
        const line = said === "" ? `baton exited with ${result.code}` : said;
        if (ctx.hasUI) ctx.ui.notify(line, result.code === 0 ? "info" : "error");
        else process.stderr.write(`${line}\n`);
      },
    });

    // Leaving a session that worked since its last capture writes its handoff: /new (the new
    // session, started right after, begins with it), and a quit of an interactive or RPC
    // session (as Copilot CLI's sessionEnd does). A `--print` or `--mode json` run is a
    // one-shot, often scripted: a handoff at each would be fed to the next run. /resume and
    // /fork go back to a conversation that holds its own history.
    pi.on("session_shutdown", async (event, ctx) => {
      const interactive = ctx.mode === "tui" || ctx.mode === "rpc";
      const leaving = event.reason === "new" || (event.reason === "quit" && interactive);
      if (!leaving || !workedSinceCapture) return;
      workedSinceCapture = false;
      // No trigger says "the session ended"; manual is the one that claims nothing more.
      await createHandoff(pi, baton, ctx, "", event.reason === "new" ? "command" : "manual");
    });
  };
}

/** baton's MCP server for this session; false when another baton extension registered it. */
function registerMcpServer(pi: ExtensionAPI, baton: BatonPaths): boolean {
  try {
    pi.registerMcpServer("baton", {
      command: baton.node,
      args: [baton.entry, "mcp"],
      exposure: "direct",
      description: "baton: read other agents' sessions, list, show and resume handoffs",
    });
    return true;
  } catch (error) {
    return !String(error).includes("already registered");
  }
}

/** `baton create --from pi` of the session `ctx` is in. */
function createHandoff(
  pi: ExtensionAPI,
  baton: BatonPaths,
  ctx: ExtensionContext,
  goal: string,
  trigger: "command" | "manual",
) {
  const args = [baton.entry, "create", "--from", "pi"];
  args.push("--session", ctx.sessionManager.getSessionId(), "--trigger", trigger);
  if (goal !== "") args.push("--goal", goal);
  return pi.exec(baton.node, args, { cwd: ctx.cwd, timeout: CREATE_TIMEOUT_MS });
}

/**
 * The baton the extension module belongs to, run by the `node` on PATH: what a project's
 * own baton (`node_modules/agent-baton`) runs, so the extension file names no machine's paths.
 */
function projectBaton(): BatonPaths {
  return { node: "node", entry: batonEntryPath(), hookEntry: hookEntryPath() };
}

/** What Claude Code's hooks read on stdin, from Pi's session as it is now. */
function hookInput(
  ctx: ExtensionContext,
  event: PiHookEvent,
  extra: Record<string, string>,
): Record<string, string | null> {
  return {
    hook_event_name: event,
    session_id: ctx.sessionManager.getSessionId(),
    transcript_path: ctx.sessionManager.getSessionFile() ?? null,
    cwd: ctx.cwd,
    model: ctx.model?.id ?? null,
    ...extra,
  };
}

/** The id of the handoff a PreCompact hook wrote, from its answer; null when it wrote none. */
function capturedId(answer: string | null): string | null {
  const id = (parseAnswer(answer) as { handoff?: unknown } | null)?.handoff;
  return typeof id === "string" && id !== "" ? id : null;
}

/** The text a SessionStart answer puts in front of the model, or null. */
function contextOf(answer: string | null): string | null {
  const parsed = parseAnswer(answer) as { hookSpecificOutput?: { additionalContext?: unknown } };
  const text = parsed?.hookSpecificOutput?.additionalContext;
  return typeof text === "string" && text.trim() !== "" ? text : null;
}

/** A hook's JSON answer; null when it answered nothing or not JSON. */
function parseAnswer(answer: string | null): unknown {
  if (answer === null || answer.trim() === "") return null;
  try {
    return JSON.parse(answer);
  } catch {
    return null;
  }
}

/**
 * Runs `hook-main pi <event>` with `input` on stdin: its stdout, or null when it failed,
 * outlived the event's timeout (it is killed then) or the operation was cancelled. The hook
 * logs its own errors and always exits 0; a baton that cannot start (moved, removed, a
 * broken node) leaves one line in the hooks' log, as the Claude Code hooks do, and the
 * session as it was.
 */
function runHook(
  baton: BatonPaths,
  event: PiHookEvent,
  input: Record<string, string | null>,
  signal?: AbortSignal,
): Promise<string | null> {
  return new Promise((resolve) => {
    let out = "";
    let done = false;
    const finish = (value: string | null, trouble?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", cancel);
      if (trouble !== undefined) logTrouble(event, `${trouble}: ${baton.hookEntry}`);
      resolve(value);
    };
    const child = spawn(baton.node, [baton.hookEntry, "pi", event], {
      cwd: input.cwd ?? undefined,
      stdio: ["pipe", "pipe", "ignore"],
    });
    const cancel = () => {
      child.kill("SIGKILL");
      finish(null);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(null, `baton gave no answer within ${PI_HOOK_TIMEOUTS[event]} s`);
    }, PI_HOOK_TIMEOUTS[event] * 1000);
    signal?.addEventListener("abort", cancel);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
    });
    child.on("error", (error) => finish(null, `baton did not run (${error.message})`));
    child.on("close", (code) => {
      if (code === 0) finish(out);
      else finish(null, `baton did not run (exit ${code ?? "by signal"})`);
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify(input));
  });
}

function logTrouble(event: PiHookEvent, message: string): void {
  const path = hookLogPath(process.env);
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${new Date().toISOString()} pi ${event}: ${message}\n`);
  } catch {
    // Nowhere left to report to.
  }
}
