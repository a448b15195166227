import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const openCodeAgent: AgentDescription = {
  id: "opencode",
  displayName: "OpenCode",
  aliases: [],
  loadReader: async () => (await import("./opencode-reader.ts")).openCodeReader,
  // Checked against `opencode --help` and `opencode run --help` of OpenCode 1.18.33.
  launch: {
    binary: "opencode",
    prompt: { flag: "--prompt", maxBytes: ARGUMENT_MAX_BYTES },
    headless: {
      args: ["run"],
      prompt: { flag: null, maxBytes: ARGUMENT_MAX_BYTES, words: true },
      stdin: null,
    },
    resume: ["--session", "{id}"],
    sessionIdFlag: null,
    // Permissions are the config's; `--auto` approves whatever it does not deny.
    flags: {
      model: { flag: "--model", withProvider: true },
      approval: null,
      yolo: ["--auto"],
      cwd: null,
    },
  },
  sessionStatePath: ".opencode/.session-state.json",
  sessionEnv: null,
};
