// Redaction's share of a capture, in a process of its own: the PreCompact capture of a
// transcript, then the redaction it does (of the handoff) timed alone, and redaction of
// every byte of the transcript (what printing the whole session would cost).
// Usage: node bench/redact-capture.ts <transcript> <repo> <state> [<old src/safety folder>]
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseDocument } from "../src/core/parse-document.ts";
import { captureCompactHandoff } from "../src/integrations/claude-code/capture-compact-handoff.ts";
import { redactHandoffFast } from "../src/safety/redact-handoff.ts";
import { redactTextFast } from "../src/safety/redact-text.ts";

type Redactors = {
  handoff: typeof redactHandoffFast;
  text: typeof redactTextFast;
};

const [transcript = "", repo = "", state = "", oldSafety] = process.argv.slice(2);
const env = { HOME: state, XDG_STATE_HOME: state, GIT_CONFIG_GLOBAL: "/dev/null" };
const noEnv = { env: {} };
const CHUNK = 1024 * 1024;

const start = performance.now();
const { path } = await captureCompactHandoff(
  {
    sessionId: "00000000-0000-4000-8000-0000000000bb",
    transcriptPath: transcript,
    cwd: repo,
    eventName: "PreCompact",
    source: null,
    trigger: "auto",
    compactSummary: null,
    model: null,
  },
  { env, cwd: repo, homedir: state, now: () => new Date(), spawnWorker: () => {} },
);
const captureMs = performance.now() - start;
const handoff = parseDocument(readFileSync(path, "utf8"));

const current: Redactors = { handoff: redactHandoffFast, text: redactTextFast };
const old: Redactors | null =
  oldSafety === undefined
    ? null
    : {
        handoff: (await import(`${oldSafety}/redact-handoff.ts`)).redactHandoffFast,
        text: (await import(`${oldSafety}/redact-text.ts`)).redactTextFast,
      };

function timeHandoff(redact: Redactors): number {
  redact.handoff(handoff, noEnv);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    redact.handoff(handoff, noEnv);
    runs.push(performance.now() - t);
  }
  return runs.sort((a, b) => a - b)[2] as number;
}

/** The transcript in chunks of whole lines, as a streaming printer would hand them over. */
async function timeTranscript(redact: Redactors): Promise<{ ms: number; masks: number }> {
  let ms = 0;
  let masks = 0;
  let chunk = "";
  const flush = () => {
    const t = performance.now();
    masks += redact.text(chunk, noEnv).count;
    ms += performance.now() - t;
    chunk = "";
  };
  for await (const line of createInterface({ input: createReadStream(transcript) })) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK) flush();
  }
  flush();
  return { ms, masks };
}

const result: Record<string, number> = {
  captureMs,
  handoffChars: JSON.stringify(handoff).length,
  redactHandoffMs: timeHandoff(current),
};
const whole = await timeTranscript(current);
result.redactTranscriptMs = whole.ms;
result.transcriptMasks = whole.masks;
if (old !== null) {
  result.oldRedactHandoffMs = timeHandoff(old);
  const oldWhole = await timeTranscript(old);
  result.oldRedactTranscriptMs = oldWhole.ms;
  result.oldTranscriptMasks = oldWhole.masks;
}
process.stdout.write(JSON.stringify(result));
