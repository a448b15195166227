/**
 * `node scripts/record-fixtures-opencode.ts [--scenario <name>]…`
 *
 * Records the OpenCode scenarios of test/support/fixtures/opencode-scenarios.ts into
 * test/fixtures/opencode/<version>/<scenario>/ (see test/support/README.md, "Recorded fixtures").
 */
import { parseArgs } from "node:util";
import { recordOpenCodeFixtures } from "../test/support/fixtures/record-opencode.ts";

const { values } = parseArgs({ options: { scenario: { type: "string", multiple: true } } });
for (const dir of await recordOpenCodeFixtures(new Set(values.scenario ?? []))) {
  console.log(`wrote ${dir}`);
}
