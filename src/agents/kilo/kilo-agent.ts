import { type AgentDescription, ARGUMENT_MAX_BYTES } from "../agent-description.ts";

export const kiloAgent: AgentDescription = {
  id: "kilo",
  displayName: "Kilo CLI",
  aliases: ["kilocode"],
  loadReader: async () => (await import("./kilo-reader.ts")).kiloReader,
  launch: {
    binary: "kilo",
    prompt: { via: "argument", flag: "--prompt", maxBytes: ARGUMENT_MAX_BYTES },
    resume: ["--session", "{id}"],
    flags: { model: "--model", approval: null, cwd: null },
  },
  sessionStatePath: null,
  sessionEnv: null,
};
