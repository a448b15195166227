/**
 * `node scripts/record-fixtures-codex.ts [--scenario <name>]…`
 *
 * Records the Codex scenarios of test/support/fixtures/codex-scenarios.ts into
 * test/fixtures/codex/<version>/<scenario>/ (see test/support/README.md, "Recorded fixtures").
 */
import { parseArgs } from "node:util";
import { recordCodexFixtures } from "../test/support/fixtures/record-codex.ts";

const { values } = parseArgs({ options: { scenario: { type: "string", multiple: true } } });
for (const dir of await recordCodexFixtures(new Set(values.scenario ?? []))) {
  console.log(`wrote ${dir}`);
}
