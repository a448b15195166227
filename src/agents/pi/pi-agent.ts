import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

/** Pi (npm `@earendil-works/pi-coding-agent`): baton reads its sessions. */
export const piAgent: AgentDescription = {
  id: "pi",
  displayName: "Pi",
  aliases: [],
  loadReader: async () => (await import("./pi-reader.ts")).piReader,
  launch: {
    binary: "pi",
    prompt: { via: "argument", flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--session", "{id}"],
    flags: { model: "--model", approval: null, cwd: null },
  },
  sessionStatePath: null,
  // Pi sets it for the commands its shell tool runs (checked by test/live/pi.smoke.test.ts).
  sessionEnv: "PI_SESSION_ID",
};
