/**
 * Which shell commands are checks (test, lint, typecheck, build): the commands whose last
 * result tells the next session whether the work holds. Matched anywhere in the command
 * line, so `cd api && npm test` counts; inspection commands never do.
 */
export type CheckKind = "test" | "lint" | "typecheck" | "build" | "check";

const RUNNER = String.raw`(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?`;

const PATTERNS: ReadonlyArray<readonly [CheckKind, RegExp]> = [
  [
    "test",
    new RegExp(
      String.raw`\b(?:vitest|jest|mocha|ava|pytest|py\.test|tox|nox|rspec|phpunit|ctest|karma|cypress\s+run|playwright\s+test)\b|\bnode\s+(?:[^|;&]*\s)?--test\b|\b${RUNNER}test\b|\b(?:go|cargo|deno|bun|mix|dotnet|swift|zig)\s+test\b|\bmake\s+(?:test|check)\b|\bgradlew?\s+test\b|\bmvn\s+test\b|\bunittest\b`,
    ),
  ],
  [
    "lint",
    new RegExp(
      String.raw`\b(?:eslint|biome\s+(?:check|lint|ci)|ruff|flake8|pylint|golangci-lint|clippy|rubocop|stylelint|shellcheck|oxlint|prettier\s+(?:[^|;&]*\s)?--check)\b|\b${RUNNER}lint\b|\bmake\s+lint\b`,
    ),
  ],
  [
    "typecheck",
    new RegExp(
      String.raw`\b(?:tsc|vue-tsc|mypy|pyright)\b|\b${RUNNER}(?:typecheck|type-check|types)\b|\bcargo\s+check\b|\bgo\s+vet\b`,
    ),
  ],
  [
    "build",
    new RegExp(
      String.raw`\b${RUNNER}build\b|\b(?:cargo|go|dotnet|swift|zig)\s+build\b|\b(?:gradlew?|mvn)\s+(?:build|package|compile|assemble)\b|\b(?:vite|webpack|rollup|tsup)\s+build\b|^make(?:\s+(?:all|build))?\s*$`,
    ),
  ],
  [
    "check",
    new RegExp(
      String.raw`(?:^|[\s/])(?:check|verify|validate)[\w.-]*\.(?:m?[jt]s|c?js|py|sh|rb)\b|\b${RUNNER}(?:check|verify|validate|ci)\b`,
    ),
  ],
];

/** Looking at things is never a check, even when a file name says "test". */
const INSPECTION =
  /^(?:cat|less|more|ls|echo|printf|grep|rg|ag|find|fd|head|tail|wc|which|type|git|sed|awk|diff|tree|stat|file|open|code|vi|vim|nano|mkdir|touch|rm|mv|cp|chmod|cd\s+\S+\s*$)\b/;
const ASKS_FOR_INFO = /\s--(?:version|help)\b|\s-[vh]\s*$/;

export function classifyCheck(command: string): CheckKind | null {
  const line = unwrapShell(command).trim();
  if (line === "" || INSPECTION.test(line) || ASKS_FOR_INFO.test(line)) return null;
  for (const [kind, pattern] of PATTERNS) if (pattern.test(line)) return kind;
  return null;
}

/** `bash -lc "npm test"` (how Codex records commands) is the command inside. */
export function unwrapShell(command: string): string {
  const match = /^(?:\/\S*\/)?(?:ba|z)?sh\s+-l?c\s+(["'])([\s\S]*)\1\s*$/.exec(command.trim());
  return match?.[2] ?? command;
}
