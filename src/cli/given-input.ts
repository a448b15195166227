import type { Sections } from "../core/handoff.ts";
import { givenFromOptions, givenFromText } from "../summarize/given.ts";
import type { CliIo } from "./cli-io.ts";
import type { OptionTable } from "./command-options.ts";
import { say } from "./output.ts";
import { readFileText, readStdinText } from "./read-input.ts";

/** The options that give the semantic sections, shared by `create` and `enrich`. */
export const GIVEN_OPTIONS = {
  goal: { type: "string", value: "TEXT", description: `the goal` },
  next: {
    type: "string",
    multiple: true,
    value: "TEXT",
    description: `a next step (repeatable, in order)`,
  },
  decision: {
    type: "string",
    multiple: true,
    value: "TEXT",
    description: `a key decision (repeatable)`,
  },
  "from-file": {
    type: "string",
    value: "FILE",
    description: `sections from a file: markdown with the section headings ("## Goal", "## Next Steps", ...) or JSON (at most 1 MB)`,
  },
  stdin: { type: "boolean", description: `the same, read from stdin (at most 1 MB)` },
} as const satisfies OptionTable;

/**
 * The sections given by `--stdin` or `--from-file` (markdown under the document's headings,
 * or JSON), with `--goal`, `--next` and `--decision` over them: every one a claim.
 */
export async function readGiven(
  io: CliIo,
  values: {
    goal?: string;
    next?: string[];
    decision?: string[];
    "from-file"?: string;
    stdin?: boolean;
  },
): Promise<{ sections: Partial<Sections>; topic: string | undefined }> {
  let fromText: Partial<Sections> = {};
  let topic: string | undefined;
  const file = values["from-file"];
  if (file !== undefined || values.stdin) {
    if (file === undefined && io.stdin.isTTY) {
      say(io, "baton: reading the sections from the terminal; end with Ctrl-D");
    }
    const text =
      file !== undefined ? await readFileText(file, io.cwd) : await readStdinText(io.stdin);
    ({ sections: fromText, topic } = givenFromText(text, file ?? "stdin"));
  }
  const sections = {
    ...fromText,
    ...givenFromOptions({ goal: values.goal, nextSteps: values.next, decisions: values.decision }),
  };
  return { sections, topic };
}
