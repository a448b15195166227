import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

/** Pi (npm `@earendil-works/pi-coding-agent`): baton reads its sessions. */
export const piAgent: AgentDescription = {
  id: "pi",
  displayName: "Pi",
  aliases: [],
  loadReader: async () => (await import("./pi-reader.ts")).piReader,
  // Checked against `pi --help` of Pi 1.6.0 (installed under /tmp/agents-pi).
  launch: {
    binary: "pi",
    prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES },
    headless: {
      args: ["--print"],
      prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES },
      stdin: null,
    },
    resume: ["--session", "{id}"],
    sessionIdFlag: "--session-id",
    // Pi asks before nothing: there is no mode to set.
    flags: {
      model: { flag: "--model", withProvider: true },
      approval: null,
      yolo: null,
      cwd: null,
    },
  },
  sessionStatePath: null,
  // Pi sets it for the commands its shell tool runs (checked by test/live/pi.smoke.test.ts).
  sessionEnv: "PI_SESSION_ID",
};
