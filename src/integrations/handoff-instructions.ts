/**
 * What `/handoff` asks the model, in every agent that has such a command or skill: write the
 * semantic sections, preview the document with `baton create --dry-run`, show it to the
 * person and ask, and write it only once they confirm (seed 003's review, then confirm).
 * One text, so the agents cannot drift apart.
 */
export interface HandoffInstructions {
  /** The sentence about the goal the person gave ("Goal given by the user …: $ARGUMENTS"). */
  goalLine: string;
  /** The agent's name for its shell tool: "Bash", "shell". */
  shell: string;
  /** `baton create` with the options that name this session, before the heredoc. */
  create: string;
  /** What baton reads of the session: "this session's transcript", "Codex session's rollout". */
  record: string;
}

export function handoffInstructions(i: HandoffInstructions): string {
  return `Write a handoff of this whole conversation, so that another session, another agent or a
person can carry on the work without it. ${i.goalLine}

Write these sections from everything in the conversation, as facts, briefly. Leave out a
section you know nothing about rather than guessing.

- Goal: one or two sentences (the user's goal above, if given, in your words).
- Current State: what is done and what is half done, one item per line.
- Key Decisions: "decision — because reason".
- Failed Approaches: "what was tried — because why it failed".
- Next Steps: numbered, in order, concrete (files, commands).
- Open Questions: what the next session must ask or find out.

The user reviews the handoff before it is written, in two steps.

1. Preview: run this one ${i.shell} command, with your sections in place of the examples and
   \`--dry-run\` added right after \`create\`. It prints the document baton would write and
   writes nothing:

\`\`\`bash
${i.create} <<'BATON_HANDOFF'
## Goal

...

## Current State

- ...

## Key Decisions

- ... — because ...

## Failed Approaches

- ... — because ...

## Next Steps

1. ...

## Open Questions

- ...
BATON_HANDOFF
\`\`\`

   baton adds the facts it can check itself (branch, HEAD, changed files, plan files, and
   from ${i.record} the todos, commands and their exit codes) and masks
   secrets. Do not write Modified Files, Todos or Validation.
2. Show the user the previewed handoff in the conversation (its sections, as printed), then
   ask: "Write this handoff? Reply yes to write it, or cancel." End your turn there and
   wait for the answer; write nothing yet.
3. If the user confirms, run the same command again without \`--dry-run\`, with the same
   sections (or as the user corrected them). baton writes the document and prints its
   path; reply with that path in one line. If the user cancels (or answers anything but a
   confirmation), run nothing and reply "Handoff cancelled; nothing was written." In both
   cases stop there: do not go on with the work.
`;
}
