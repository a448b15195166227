/**
 * The one line of a failed command's output that says what failed: an assertion or an
 * `Error:` line, a compiler diagnostic, a line carrying an error code. Wrapper noise
 * ("npm ERR!" prefixes and npm's log notices, "Exit code 1", stack frames, test-runner
 * tallies, make's "*** Error 1") never wins, however loud it is.
 */
export function pickErrorLine(output: string | null): string | null {
  if (output === null) return null;
  let best: { line: string; score: number; at: number } | null = null;
  let lastPlain: string | null = null;
  // The head and tail of a huge output hold its diagnostics; bound the scan.
  const text = output.length > 200_000 ? output.slice(0, 100_000) + output.slice(-100_000) : output;
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = stripDecoration(raw);
    if (line.length < 3 || NOISE.some((pattern) => pattern.test(line))) continue;
    lines.push(line);
    lastPlain = line;
    const score = scoreLine(line);
    if (score > 0 && (best === null || score > best.score)) {
      best = { line, score, at: lines.length - 1 };
    }
  }
  if (best === null) return lastPlain;
  // Dialyzer and some linters print the place on a line of its own (`lib/a.ex:57:13:
  // pattern_match`) and the message on the next: the message says what failed.
  const message = lines[best.at + 1];
  if (LOCATION_ONLY.test(best.line) && message !== undefined && /\s/.test(message)) {
    return `${message} (${best.line})`;
  }
  return best.line;
}

/** A place in a file and nothing else: `lib/a.ex:57:13:pattern_match`, `src/x.ts:12`. */
const LOCATION_ONLY = /^\S+:\d+(?::\d+)?(?::[\w-]+)?$/;

const NOISE: readonly RegExp[] = [
  /^(?:code|errno|syscall|path|dest) \S+$/,
  /^A complete log of this run can be found in/i,
  /^(?:This is probably not a problem with npm|Did you mean one of these)/i,
  /^(?:pnpm|yarn)(?: run)? v?\d|^error Command failed with exit code/i,
  /ELIFECYCLE/,
  /^Exit code:? -?\d+$/i,
  /^at\s+\S/,
  /^make(?:\[\d+\])?: \*\*\*/,
  /^(?:[ℹ#]\s*)?(?:tests?|suites?|pass|fail|cancelled|skipped|todo|duration_ms)\s+[\d.]+$/i,
  /^(?:Test Files|Tests|Duration|Start at)\s/,
  /^[+-] (?:actual|expected)\b/i,
  /^(?:\+ actual - expected|- expected \+ actual)$/i,
  /^[{}[\](),;]+$/,
  // Error metadata as node:test's TAP output and util.inspect print it after the message.
  /^(?:name|code|failureType|location|stack|actual|expected|operator|generatedMessage|diff|duration_ms):/,
  /^(?:error|stack):\s*\|-?$/,
  /^(?:TAP version \d+|1\.\.\d+|---|\.\.\.)$/,
  /^# (?:Subtest|tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\b/,
  // Codex's wrapper around a command's output.
  /^(?:Chunk ID|Wall time|Process exited with code|Original token count):/,
  /^Output:$/,
  /^(?:Command exited with code|Process exited with code) -?\d+/i,
  /^(?:failing tests|Errors? occurred|FAILURES?|=+ FAILURES =+):?$/i,
  /^[✖✗×]\s+\S+\s*\([\d.]+m?s\)$/,
  /^test at \S+:\d+:\d+$/,
  // Go's verdict lines: `FAIL`, `FAIL\tpkg\t0.01s`; the message is above them.
  /^FAIL(?:\s+\S+\s+[\d.]+s)?$/,
];

function scoreLine(line: string): number {
  let score = 0;
  if (/\b(?:Assertion|Type|Reference|Syntax|Range)Error\b|\bAssertionError\b/.test(line))
    score += 6;
  else if (/\b[A-Z]\w*(?:Error|Exception)\b/.test(line)) score += 5;
  if (/\berror(?:\[E\d+\]|\s+TS\d+)?:/i.test(line) || /^(?:FATAL|ERROR|FAIL(?:ED)?)\b/.test(line))
    score += 4;
  if (
    /\b(?:expected|assert\w*|must|should|mismatch|not found|cannot|can't|unable|missing|invalid|undefined is not|no such)\b/i.test(
      line,
    )
  )
    score += 3;
  // An error code such as ERR_ASSERTION or CONFIG-INVALID makes a line specific.
  if (/\b[A-Z]{2,}(?:[-_][A-Z0-9]+)+\b/.test(line)) score += 2;
  if (/:\d+:\d+/.test(line)) score += 1;
  return score;
}

/** Test runners prefix lines with markers and indentation that carry no meaning. */
function stripDecoration(raw: string): string {
  return (
    raw
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
      .replace(/\u001b\[[0-9;]*m/g, "")
      // A terminal UI's pane borders (┃ │ ║) are not part of any message.
      .replace(/[\u2500-\u259f]+/g, " ")
      .replace(/^\s*(?:[✖✗×●▶›»]|❯|FAIL\s+\S+\s+>)\s*/, "")
      // npm prefixes every line of its own report; what follows the prefix is the message.
      .replace(/^npm (?:ERR!|error|warn)\s*/i, "")
      // TAP's one-line form: error: 'message'
      .replace(/^\s*error:\s+(['"])(.*)\1\s*$/, "$2")
      .trim()
  );
}

/**
 * The name of the first failing test in a test runner's output, as the runner printed it:
 * vitest's and node:test's `× name` / `✖ name (1.2ms)`, vitest's `FAIL file > suite > name`,
 * jest's `● suite › name`, mocha's `1) name`, TAP's `not ok 1 - name`, pytest's
 * `FAILED file::name`, Go's `--- FAIL: Name`, cargo's `test name ... FAILED`. The error line alone ("expected 4 to be 3")
 * does not say which test to re-run.
 */
export function pickFailingTest(output: string | null): string | null {
  if (output === null) return null;
  const text = output.length > 200_000 ? output.slice(0, 100_000) + output.slice(-100_000) : output;
  for (const raw of text.split(/\r?\n/)) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
    const line = raw.replace(/\u001b\[[0-9;]*m/g, "").trim();
    const name =
      /^(?:×|✗|✖)\s+(.+?)(?:\s+\(?\d+(?:\.\d+)?\s*m?s\)?)?$/.exec(line)?.[1] ??
      /^FAIL\s+\S+\s+>\s+(.+?)(?:\s+\d+(?:\.\d+)?\s*m?s)?$/.exec(line)?.[1] ??
      /^●\s+(.+›.+)$/.exec(line)?.[1] ??
      /^\d+\)\s+(.+\S)\s*:?$/.exec(line)?.[1] ??
      /^not ok \d+ - (.+?)(?:\s+#.*)?$/.exec(line)?.[1] ??
      /^FAILED\s+\S+?::(\S+)/.exec(line)?.[1] ??
      /^--- FAIL: (\S+)/.exec(line)?.[1] ??
      /^test (\S+) \.\.\. FAILED$/.exec(line)?.[1];
    if (name === undefined) continue;
    // A heading of the runner's, not a test: node:test's `✖ failing tests:`.
    if (name.endsWith(":")) continue;
    // A file, not a test: `✖ tests/retry.test.js`, `FAIL tests/a.test.ts`.
    if (/^\S+\.(?:[cm]?[jt]sx?|py|rb|go)$/.test(name)) continue;
    return name.length > 120 ? `${name.slice(0, 119)}…` : name;
  }
  return null;
}
