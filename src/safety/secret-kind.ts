import type { TokenKind } from "./token-formats.ts";

/**
 * What a masked span was. The mask keeps it (`[REDACTED:github-token]`) so a reader knows
 * what kind of value stood there without learning any of it. The kinds recognised by shape
 * are the table in `token-formats.ts`; these are found by the other detectors.
 */
export const FOUND_ELSEWHERE_KINDS = [
  "basic-auth-url",
  "connection-string-password",
  "env-value",
  "secret-assignment",
  /** A finding of a secretlint rule that the table does not know. */
  "other-secret",
] as const;
export type SecretKind = TokenKind | (typeof FOUND_ELSEWHERE_KINDS)[number];

/** A half-open range [start, end) of the text holding one secret. */
export type SecretSpan = {
  start: number;
  end: number;
  kind: SecretKind;
  /** What the mask names; the kind, or `env:<NAME>` for a value of the environment. */
  label: string;
};

/**
 * When spans overlap they merge into one mask, which takes the most specific kind: a
 * recognised format says more than "this was the value of a secret-looking name".
 */
export function kindRank(kind: SecretKind): number {
  switch (kind) {
    case "secret-assignment":
      return 0;
    case "authorization-header":
      return 1;
    case "env-value":
      return 2;
    case "basic-auth-url":
    case "connection-string-password":
      return 3;
    case "jwt":
    // secretlint's finding of a rule the table does not know says less than the table.
    case "other-secret":
      return 4;
    case "private-key":
      return 6;
    default:
      return 5;
  }
}
