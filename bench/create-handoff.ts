// One `baton create --from claude-code --latest` in a process of its own, so its peak memory
// is its own, run in-process as the CLI runs it (runCli): the session found and read as
// the CLI reads a large file (a worker with a bounded heap), git captured, the handoff
// drafted (the extractive sections, buildHandoff, redaction, the token counts), signed and
// written; then `baton show <id> --prompt`, the continuation prompt the next session gets.
// The command's modules are loaded before the clock starts (node's start and module loading
// are the process's, as bench/parse-session.ts leaves the reader's import out); what the
// command loads lazily counts. Prints the time, peak RSS and whether the document and the
// prompt each hold the facts the transcript's last records planted
// (bench/failing-test-tail.ts). BENCH_DIST names a built tree to load instead of the
// sources, as bench/parse-session.ts does. `--show` prints the document and the prompt on
// stderr.
//
//   node bench/create-handoff.ts [--show] PROJECT TRANSCRIPT
//     PROJECT: the git checkout the session ran in (its cwd); TRANSCRIPT: the session's
//     file, under <claude config>/projects/<project>/.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { PassThrough, Readable } from "node:stream";
import type { CliIo } from "../src/cli/cli-io.ts";
import { FAILING_TEST } from "./failing-test-tail.ts";

const args = process.argv.slice(2);
const show = args.includes("--show");
const [project = "", transcript = ""] = args.filter((arg) => arg !== "--show");
const root = process.env.BENCH_DIST ?? new URL("../src", import.meta.url).pathname;
const ext = process.env.BENCH_DIST ? "js" : "ts";
const { runCli } = (await import(`${root}/cli/run-cli.${ext}`)) as {
  runCli: (argv: readonly string[], io: CliIo) => Promise<number>;
};
await import(`${root}/cli/create-command.${ext}`);
await import(`${root}/cli/show-command.${ext}`);

const home = mkdtempSync(join(tmpdir(), "baton-bench-create-"));
const env = {
  PATH: process.env.PATH,
  HOME: home,
  XDG_STATE_HOME: join(home, "state"),
  XDG_CONFIG_HOME: join(home, "config"),
  CLAUDE_CONFIG_DIR: resolve(dirname(transcript), "../.."),
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  NO_COLOR: "1",
};
/** One command in this process with its own streams; its stdout, or the failure. */
async function baton(argv: string[]): Promise<string> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on("data", (chunk: Buffer) => out.push(chunk));
  const stderr = new PassThrough().on("data", (chunk: Buffer) => err.push(chunk));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env,
    cwd: project,
    now: () => new Date(),
    pid: process.pid,
  };
  const code = await runCli(argv, io);
  if (code !== 0) throw new Error(`baton ${argv.join(" ")}: ${Buffer.concat(err)}`);
  return Buffer.concat(out).toString("utf8");
}

let written = "";
try {
  const start = performance.now();
  const created = JSON.parse(
    await baton(["create", "--from", "claude-code", "--latest", "--json"]),
  );
  const prompt = await baton(["show", created.id, "--prompt"]);
  const ms = performance.now() - start;
  written = created.path;
  const document = readFileSync(written, "utf8");
  if (show) process.stderr.write(`${document}\n----- prompt -----\n${prompt}\n`);
  const holds = (text: string) => ({
    request: text.includes(FAILING_TEST.request),
    test: text.includes(FAILING_TEST.testName),
    assertion: text.includes(FAILING_TEST.assertion),
    command: commandFailed(text),
  });
  process.stdout.write(
    JSON.stringify({
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      promptTokens: created.tokens.prompt,
      document: holds(document),
      prompt: holds(prompt),
    }),
  );
} finally {
  // The next round writes its own; the store would supersede this one.
  if (written !== "") rmSync(written, { force: true });
  rmSync(home, { recursive: true, force: true });
}

/**
 * The failing command with its exit code on one line: the prompt's checks read
 * `` `npx vitest run …` exit 1 ``, the document's validation `` `npx vitest run …` — exit 1 ``.
 */
function commandFailed(text: string): boolean {
  return text
    .split("\n")
    .some(
      (line) =>
        line.includes(FAILING_TEST.command) &&
        new RegExp(`exit(?: code)?:? ${FAILING_TEST.exitCode}\\b`, "i").test(line),
    );
}
