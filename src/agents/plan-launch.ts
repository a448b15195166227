import { BatonError } from "../core/errors.ts";
import type { LaunchFlag, LaunchSpec, PromptArgument } from "./agent-description.ts";

/** How the prompt reaches the agent: inline, on stdin, or in a file a short argument names. */
export type PromptVia = "argument" | "stdin" | "file" | "none";

export interface LaunchRequest {
  /** The continuation prompt; `null` when resuming a session natively, which needs none. */
  prompt: string | null;
  /** Where the prompt is written when it goes by file, as the agent should read it. */
  promptFile: string;
  /** The non-interactive run instead of the interactive start. */
  headless: boolean;
  /** Resume this session of the agent's own instead of starting a new one. */
  resumeSession: string | null;
  /** The new session's id, for an agent whose sessions can be named (`sessionIdFlag`). */
  sessionId: string | null;
  model: string | null;
  /** The model's provider, for agents that name models `provider/model`. */
  provider: string | null;
  approval: string | null;
  yolo: boolean;
  /** The working folder; passed by flag where the agent has one (the process runs there anyway). */
  cwd: string;
  /** Arguments after `--`, passed through before the prompt. */
  extraArgs: readonly string[];
  platform: NodeJS.Platform;
  /** Force a transport (`--prompt-via`); refused where the agent cannot take it. */
  via?: Exclude<PromptVia, "none">;
}

export interface LaunchPlan {
  command: string;
  args: string[];
  /** What is written to the agent's stdin; `null`: stdin is the terminal, inherited. */
  stdin: string | null;
  via: PromptVia;
  /** The file to write the prompt to before the launch, when it goes by file. */
  promptFile: string | null;
  /** Flags the agent cannot honour, said rather than dropped in silence. */
  warnings: string[];
}

/**
 * The longest argument the platform takes. Linux refuses one argument over MAX_ARG_STRLEN
 * (128 KiB with its NUL) with E2BIG. On Windows the agents are `.cmd` shims run by
 * cmd.exe, which cuts a command line at 8,191 characters and an argument at its first
 * newline, so a prompt of more than one line never goes inline there.
 */
export function platformArgumentLimit(platform: NodeJS.Platform): number {
  if (platform === "win32") return 8191;
  if (platform === "linux") return 128 * 1024 - 1;
  // macOS and the BSDs have no per-argument limit, only ARG_MAX for the whole line (≥ 256 KiB).
  return 256 * 1024;
}

/** The command line, stdin and prompt file that start `spec`'s agent as `request` asks. */
export function planLaunch(spec: LaunchSpec, name: string, request: LaunchRequest): LaunchPlan {
  const warnings: string[] = [];
  const headless = request.headless ? spec.headless : null;
  if (request.headless && headless === null) {
    throw new BatonError("usage", `${name} has no non-interactive mode baton knows`);
  }
  const refused = new Set<LaunchFlag>(headless?.without ?? []);
  const flag = <K extends LaunchFlag>(key: K): LaunchSpec["flags"][K] | null =>
    refused.has(key) ? null : spec.flags[key];

  const args: string[] = [];
  if (request.resumeSession !== null) {
    if (spec.resume === null) throw new BatonError("usage", `${name} cannot resume a session`);
    if (headless !== null) {
      throw new BatonError("usage", "--resume starts the agent interactively; drop --headless");
    }
    args.push(...spec.resume.map((arg) => arg.replaceAll("{id}", request.resumeSession ?? "")));
  } else if (headless !== null) {
    args.push(...headless.args);
  }
  if (request.sessionId !== null && spec.sessionIdFlag !== null && request.resumeSession === null) {
    args.push(spec.sessionIdFlag, request.sessionId);
  }
  if (request.model !== null) {
    const model = flag("model");
    if (model === null)
      warnings.push(`${name} takes no model flag; --model ${request.model} is ignored`);
    else {
      const named =
        model.withProvider && request.provider !== null && !request.model.includes("/")
          ? `${request.provider}/${request.model}`
          : request.model;
      args.push(model.flag, named);
    }
  }
  if (request.approval !== null) {
    const approval = flag("approval");
    if (approval === null) {
      warnings.push(
        `${name} takes no approval mode here; --approval ${request.approval} is ignored`,
      );
    } else if (!approval.modes.includes(request.approval)) {
      throw new BatonError(
        "usage",
        `${name} knows the approval modes ${approval.modes.join(", ")}, not "${request.approval}"`,
      );
    } else args.push(approval.flag, request.approval);
  }
  if (request.yolo) {
    const yolo = flag("yolo");
    if (yolo === null)
      warnings.push(`${name} has no flag to skip its approvals; --yolo is ignored`);
    else args.push(...yolo);
  }
  const cwdFlag = flag("cwd");
  if (cwdFlag !== null) args.push(cwdFlag, request.cwd);

  const base = { command: spec.binary, warnings };
  const extra = request.extraArgs;
  if (request.prompt === null) {
    return { ...base, args: [...args, ...extra], stdin: null, via: "none", promptFile: null };
  }
  const promptArg = headless?.prompt ?? spec.prompt;
  const stdinArgs = headless?.stdin ?? null;
  const via =
    request.via ?? chooseVia(request.prompt, promptArg, stdinArgs, args, request.platform);
  switch (via) {
    case "argument":
      return {
        ...base,
        args: [...args, ...withPrompt(promptArg, request.prompt, extra)],
        stdin: null,
        via,
        promptFile: null,
      };
    case "stdin":
      if (stdinArgs === null) {
        throw new BatonError(
          "usage",
          `${name} does not read a prompt from stdin${headless === null ? " when interactive" : ""}; use --prompt-via argument or file`,
        );
      }
      return {
        ...base,
        args: [...args, ...extra, ...stdinArgs],
        stdin: request.prompt,
        via,
        promptFile: null,
      };
    case "file":
      return {
        ...base,
        args: [
          ...args,
          ...withPrompt(promptArg, pointerTo(request.promptFile, request.prompt), extra),
        ],
        stdin: null,
        via,
        promptFile: request.promptFile,
      };
  }
}

/** An argument when it fits the agent and the platform, else stdin where read, else a file. */
function chooseVia(
  prompt: string,
  promptArg: PromptArgument,
  stdinArgs: readonly string[] | null,
  args: readonly string[],
  platform: NodeJS.Platform,
): Exclude<PromptVia, "none"> {
  if (fitsArgument(prompt, promptArg, args, platform)) return "argument";
  return stdinArgs !== null ? "stdin" : "file";
}

function fitsArgument(
  prompt: string,
  promptArg: PromptArgument,
  args: readonly string[],
  platform: NodeJS.Platform,
): boolean {
  const bytes = Buffer.byteLength(prompt);
  const limit = platformArgumentLimit(platform);
  if (platform === "win32") {
    const line = [...args, prompt].reduce((sum, arg) => sum + arg.length + 3, 0);
    return !/[\r\n]/.test(prompt) && line < limit;
  }
  return bytes <= Math.min(promptArg.maxBytes, limit);
}

/**
 * The prompt before the passed-through arguments, so that one of them expecting a value
 * cannot take the prompt for it; word by word, it has to come last, after `--`.
 */
function withPrompt(promptArg: PromptArgument, text: string, extra: readonly string[]): string[] {
  if (promptArg.words) return [...extra, "--", ...promptWords(text)];
  return [...(promptArg.flag === null ? [text] : [promptArg.flag, text]), ...extra];
}

/**
 * The prompt as words for an agent that joins its arguments with spaces (`opencode run`). Its
 * argument parser turns a word that looks like a number ("1.", "3", "0x1f") into a number,
 * on which OpenCode 1.18.33 then fails ("G.includes is not a function"): such a word goes
 * with its neighbour, joined by a no-break space (a plain space would make OpenCode quote
 * the pair).
 */
export function promptWords(text: string): string[] {
  const words: string[] = [];
  let carry: string | null = null;
  for (const word of text.split(" ")) {
    const joined: string = carry === null ? word : `${carry}\u00a0${word}`;
    carry = null;
    if (NUMBER_LIKE.test(joined)) carry = joined;
    else words.push(joined);
  }
  if (carry !== null) {
    if (words.length === 0) words.push(`${carry}\u00a0`);
    else words[words.length - 1] = `${words[words.length - 1]}\u00a0${carry}`;
  }
  return words;
}

/** What yargs-parser reads as a number: decimal, with an exponent, hexadecimal. */
const NUMBER_LIKE = /^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|0x[\da-f]+)$/i;

/**
 * One line, so it survives cmd.exe, naming the file the whole prompt is in and its size:
 * an agent's file reader may refuse a large file at once (Claude Code's Read stops at
 * 256 KB) and has to read it in parts.
 */
export function pointerTo(file: string, prompt: string): string {
  const kb = Math.ceil(Buffer.byteLength(prompt) / 1024);
  return `Read the file ${file} first (${kb} KB; in parts if it is too long to read at once): it holds the continuation prompt of a baton handoff, too long for a command line. Then continue the work it describes.`;
}
