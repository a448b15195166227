import { batonMarker } from "../claude-code/hook-command-line.ts";
import { handoffInstructions } from "../handoff-instructions.ts";

export const GEMINI_MARKER = batonMarker("gemini-cli");

export interface GeminiCommand {
  /** The file under `commands/`; the command is `/` + the name without `.toml`. */
  file: string;
  content: string;
}

/**
 * baton's custom commands for Gemini CLI: `commands/<name>.toml` with `description` and
 * `prompt` (the two fields 0.61.0's `TomlCommandDefSchema` reads; `{{args}}` is what
 * follows the command). The prompts are TOML literal strings, so nothing in them is escaped.
 */
export function geminiCommands(baton: string): GeminiCommand[] {
  const marker = `# ${GEMINI_MARKER}: written by baton; "baton uninstall gemini-cli" removes it`;
  return [
    {
      file: "handoff.toml",
      content: command(
        marker,
        "Write a baton handoff of this session (goal, decisions, failed approaches, next steps)",
        handoffPrompt(baton),
      ),
    },
    {
      file: "handoff-resume.toml",
      content: command(
        marker,
        "Continue the work from an open baton handoff of this repository",
        resumePrompt(baton),
      ),
    },
    {
      file: "handoff-list.toml",
      content: command(marker, "List the baton handoffs of this repository", listPrompt(baton)),
    },
  ];
}

function command(marker: string, description: string, prompt: string): string {
  return `${marker}\ndescription = "${description}"\nprompt = '''\n${prompt}'''\n`;
}

function handoffPrompt(baton: string): string {
  return handoffInstructions({
    goalLine: "Goal given by the user (may be empty): {{args}}",
    shell: "shell",
    create: `${baton} create --trigger command --stdin --from gemini-cli --latest`,
    record: "this folder's newest Gemini CLI session",
  });
}

function resumePrompt(baton: string): string {
  return `Pick up the work from a handoff that an earlier session left. Handoff id given by the
user (may be empty): {{args}}

If this session was already given a handoff when it started ("An open handoff from an
earlier session was found …"), that one is claimed by this session already: skip to
step 3 with it. Otherwise:

1. If the user gave an id, use it below. Otherwise run \`${baton} list\`; if more than one
   handoff is open, show the table and ask the user which one to take, then wait.
2. Run \`${baton} resume <id>\` (without \`<id>\` for the newest open handoff of this
   branch). It prints the handoff's continuation prompt and marks it claimed; anything it
   says about drift (moved branch, uncommitted files) is on stderr: mention it.
3. Present the handoff in a few lines: goal, where it stands, the next steps.
4. Continue the work from its first Next Step.
`;
}

function listPrompt(baton: string): string {
  return `Run \`${baton} list --all\` and show its table to the user as it is, followed by one line
saying how many handoffs are open. Do nothing else.
`;
}
