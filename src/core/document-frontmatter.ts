import type { Document } from "yaml";
import { isMap, isScalar, LineCounter, parseDocument as parseYaml, stringify } from "yaml";
import { type Line, lineError, type Where } from "./document-text.ts";
import { HANDOFF_SCHEMA, Handoff } from "./handoff.ts";

/**
 * The document's YAML frontmatter: the Handoff's fields except its sections, with
 * snake_case keys because people read and edit them. Parsed strictly: unknown keys and
 * wrong values are errors naming the line; keys whose value may be null may be left out.
 */

export type HandoffHeader = Omit<Handoff, "sections">;

export const SUPPORTED_SCHEMAS: readonly string[] = [HANDOFF_SCHEMA];

const HandoffHeader = Handoff.omit({ sections: true });

export function renderFrontmatter(h: Handoff): string {
  const fields = {
    schema: h.schema,
    id: h.id,
    created: h.created,
    trigger: h.trigger,
    status: h.status,
    topic: h.topic,
    branch: h.branch,
    head: h.head,
    dirty: h.dirty,
    source: {
      agent: h.source.agent,
      session_id: h.source.sessionId,
      transcript: h.source.transcript,
      model: h.source.model,
      provider: h.source.provider,
      agent_mode: h.source.agentMode,
    },
    parent: h.parent,
    claim:
      h.claim === null
        ? null
        : {
            session: h.claim.session,
            agent: h.claim.agent,
            at: h.claim.at,
            lease_until: h.claim.leaseUntil,
          },
    restored_at: h.restoredAt,
    superseded_by: h.supersededBy,
    tokens: h.tokens === null ? null : { document: h.tokens.document, prompt: h.tokens.prompt },
    redactions: h.redactions,
    ...(h.redactionKinds !== undefined && Object.keys(h.redactionKinds).length > 0
      ? { redaction_kinds: h.redactionKinds }
      : {}),
    ...(h.origin === undefined ? {} : { origin: h.origin }),
    ...(h.summary === undefined
      ? {}
      : {
          summary: {
            by: h.summary.by,
            state: h.summary.state,
            note: h.summary.note,
            input_tokens: h.summary.inputTokens,
            input_budget: h.summary.inputBudget,
          },
        }),
    ...(h.signature !== undefined
      ? {
          signature: {
            key: h.signature.key,
            public_key: h.signature.publicKey,
            value: h.signature.value,
          },
        }
      : {}),
  };
  // Never fold a long value, and quote multi-line ones: yaml 2.9 drops the leading spaces of a
  // whitespace-only line in a block scalar.
  return `---\n${stringify(fields, { lineWidth: 0, blockQuote: false, doubleQuotedAsJSON: true })}---\n`;
}

/** Each object's keys, and the value a left-out key means. `undefined`: the key is required. */
const TOP_KEYS: Record<string, unknown> = {
  schema: undefined,
  id: undefined,
  created: undefined,
  trigger: undefined,
  status: undefined,
  topic: undefined,
  branch: null,
  head: null,
  dirty: null,
  source: {},
  parent: null,
  claim: null,
  restored_at: null,
  superseded_by: null,
  tokens: null,
  redactions: 0,
  // Left out when nothing was masked.
  redaction_kinds: undefined,
  // Left out for baton's own handoffs.
  origin: undefined,
  // Left out when no model wrote the semantic sections.
  summary: undefined,
  // Left out when nobody signed the document.
  signature: undefined,
};
const NESTED_KEYS: Record<string, Record<string, unknown>> = {
  source: {
    agent: null,
    session_id: null,
    transcript: null,
    model: null,
    provider: null,
    agent_mode: null,
  },
  claim: { session: undefined, agent: null, at: undefined, lease_until: undefined },
  tokens: { document: undefined, prompt: undefined },
  signature: { key: undefined, public_key: undefined, value: undefined },
  summary: {
    by: undefined,
    state: undefined,
    note: null,
    input_tokens: null,
    input_budget: null,
  },
};

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Parses the lines between the `---` fences. `opening` is the first fence, so that line
 * numbers in errors count from the top of the whole document.
 */
export function parseFrontmatter(yamlLines: Line[], opening: Line, where: Where): HandoffHeader {
  return headerFromYaml(readFrontmatterYaml(yamlLines, opening, where), where);
}

/** The frontmatter's YAML as plain values, and the line of a key for error messages. */
export interface FrontmatterYaml {
  raw: Record<string, unknown>;
  keyLine: (path: string[]) => number;
}

/** Reads the lines between the fences as a YAML mapping; broken YAML names its line. */
export function readFrontmatterYaml(
  yamlLines: Line[],
  opening: Line,
  where: Where,
): FrontmatterYaml {
  const lineCounter = new LineCounter();
  const doc = parseYaml(yamlLines.map((line) => line.text).join("\n"), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const lineAt = (offset: number) => opening.number + lineCounter.linePos(offset).line;
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const firstLine = yamlError.message.split("\n")[0] ?? yamlError.code;
    throw lineError(
      "parse",
      where,
      lineAt(yamlError.pos[0]),
      `broken YAML frontmatter: ${firstLine}`,
    );
  }
  if (!isMap(doc.contents)) {
    throw lineError(
      "parse",
      where,
      opening.number,
      "the frontmatter must be YAML fields (`key: value`)",
    );
  }
  const keyLine = (path: string[]) => lineOfKey(doc, path, lineAt) ?? opening.number;
  return { raw: doc.toJS() as Record<string, unknown>, keyLine };
}

/** baton's own frontmatter, strictly: `schema` first, then every field checked. */
export function headerFromYaml({ raw, keyLine }: FrontmatterYaml, where: Where): HandoffHeader {
  if (raw.schema === undefined) {
    throw lineError(
      "schema",
      where,
      keyLine([]),
      `frontmatter field \`schema\` is missing; supported: ${SUPPORTED_SCHEMAS.join(", ")} (or a hand-written handoff with seed 004's fields: created, branch, trigger, restored, topic)`,
    );
  }
  if (!SUPPORTED_SCHEMAS.includes(raw.schema as string)) {
    throw lineError(
      "parse",
      where,
      keyLine(["schema"]),
      `unknown schema ${JSON.stringify(raw.schema)}; this baton reads ${SUPPORTED_SCHEMAS.join(", ")}`,
    );
  }

  const unknownKey = (path: string[]): never => {
    throw lineError(
      "schema",
      where,
      keyLine(path),
      `unknown frontmatter field \`${path.join(".")}\``,
    );
  };
  const header = renameKeys(raw, TOP_KEYS, [], unknownKey);
  for (const [key, keys] of Object.entries(NESTED_KEYS)) {
    // A left-out optional object (signature) stays left out.
    if (!Object.hasOwn(header, camel(key))) continue;
    header[camel(key)] = renameKeys(header[camel(key)], keys, [key], unknownKey);
  }

  const parsed = HandoffHeader.safeParse(header);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((segment) => snake(String(segment)));
  const missing = valueAt(header, issue?.path ?? []) === undefined;
  const field = `frontmatter field \`${path.join(".")}\``;
  const message = missing ? `${field} is missing` : `${field}: ${issue?.message ?? "invalid"}`;
  throw lineError("schema", where, keyLine(path), message);
}

/** Renames snake_case keys to the schema's camelCase and fills left-out nullable keys. */
function renameKeys(
  value: unknown,
  keys: Record<string, unknown>,
  path: string[],
  unknownKey: (path: string[]) => never,
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(keys)) {
    if (fallback !== undefined) out[camel(key)] = fallback;
  }
  for (const [key, field] of Object.entries(value)) {
    if (!Object.hasOwn(keys, key)) unknownKey([...path, key]);
    out[camel(key)] = field;
  }
  return out;
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** The line of the deepest key of `path` that the YAML holds. */
function lineOfKey(
  doc: Document,
  path: string[],
  lineAt: (offset: number) => number,
): number | undefined {
  let found: number | undefined;
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
    const range = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
    if (pair === undefined || range === undefined || range === null) break;
    found = lineAt(range[0]);
    node = pair.value;
  }
  return found;
}
