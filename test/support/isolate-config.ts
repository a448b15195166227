import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// baton signs every handoff with a key under $XDG_CONFIG_HOME/baton: tests (and the CLIs
// and hooks they start, which inherit this) get a throwaway one, never the developer's.
// Agent homes set their own XDG_CONFIG_HOME, and with it their own key.
process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), "baton-test-config-"));
