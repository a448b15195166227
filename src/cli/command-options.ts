/**
 * Each command's options, described once: the same table is given to `parseArgs` (which
 * ignores the extra fields) and turned into the help's Options section, so the two cannot
 * disagree.
 */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's name in the help: `--dir DIR`. */
  readonly value?: string;
  readonly description: string;
  /** Accepted but not listed (`--verbose` on every command). */
  readonly hidden?: boolean;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export const HELP_OPTION = {
  type: "boolean",
  short: "h",
  description: "show this help",
} as const satisfies OptionSpec;

export const VERBOSE_OPTION = {
  type: "boolean",
  description: "show the stack of an unexpected error",
  hidden: true,
} as const satisfies OptionSpec;

export const DIR_OPTION = {
  type: "string",
  value: "DIR",
  description:
    "handoff folder (default $BATON_DIR, else docs/handoffs; relative to the repository root)",
} as const satisfies OptionSpec;

export const ALLOW_OUTSIDE_OPTION = {
  type: "boolean",
  description:
    "use a handoff folder that resolves outside the repository (also $BATON_ALLOW_OUTSIDE=1)",
} as const satisfies OptionSpec;

const WIDTH = 80;

export interface HelpText {
  examples: readonly string[];
  usage: string;
  /** What the command does: paragraphs separated by blank lines. */
  about: string;
  options: OptionTable;
  /** Anything after the options. */
  footer?: string;
}

/** Help that starts with examples, because that is what people look for first. */
export function commandHelp(text: HelpText): string {
  const parts = [
    `Examples:\n${text.examples.map((line) => `  ${line}`).join("\n")}`,
    `Usage: ${text.usage}`,
    text.about.trim(),
    `Options:\n${formatOptions(text.options)}`,
  ];
  if (text.footer) parts.push(text.footer.trim());
  return `${parts.join("\n\n")}\n`;
}

/** `  -h, --help   show this help`, descriptions aligned and wrapped at 80 columns; help last. */
export function formatOptions(options: OptionTable): string {
  const shown = Object.entries(options)
    .filter(([, spec]) => !spec.hidden)
    .sort(([a], [b]) => Number(a === "help") - Number(b === "help"));
  const flags = shown.map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : "    ";
    return `  ${short}--${name}${spec.value ? ` ${spec.value}` : ""}`;
  });
  const column = Math.max(...flags.map((flag) => flag.length)) + 3;
  return shown
    .map(([, spec], index) => {
      const lines = wrap(spec.description, WIDTH - column);
      const first = `${(flags[index] ?? "").padEnd(column)}${lines[0] ?? ""}`;
      return [first, ...lines.slice(1).map((line) => `${" ".repeat(column)}${line}`)].join("\n");
    })
    .join("\n");
}

/** Words filled into lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
