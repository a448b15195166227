import { describe, expect, it } from "vitest";
import { emptySections, emptySource, Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { redactHandoff, redactHandoffFast } from "../../src/safety/redact-handoff.ts";
import { chars, fake } from "./fake-secrets.ts";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function leakyHandoff(): Handoff {
  const gh = fake.githubClassic("handoff");
  const stripe = fake.stripeLive("handoff");
  const jwt = fake.jwt("handoff");
  return Handoff.parse({
    schema: "baton/handoff@1",
    id: "2026-11-21-fix-billing",
    created: "2026-11-21T10:00:00.000Z",
    trigger: "manual",
    status: "open",
    topic: `fix billing ${stripe}`,
    branch: "fix/billing",
    head: "9fceb02d0ae598e95dc970b74767f19372d61af8",
    dirty: true,
    source: {
      ...emptySource(),
      agent: "claude-code",
      sessionId: "123e4567-e89b-12d3-a456-426614174000",
      transcript: `~/.claude/projects/x/${gh}.jsonl`,
    },
    parent: null,
    claim: null,
    restoredAt: null,
    supersededBy: null,
    tokens: null,
    redactions: 0,
    sections: {
      ...emptySections(),
      goal: { text: "Make the billing webhook retry on 5xx", provenance: "claimed" },
      currentState: [
        { text: `Webhook works locally with STRIPE_SECRET=${stripe}`, provenance: "claimed" },
        { text: "The token refresh path has no tests yet", provenance: "claimed" },
      ],
      keyDecisions: [
        {
          decision: "Sign requests with a JWT",
          reason: `the upstream accepts ${jwt} style bearer tokens`,
          provenance: "claimed",
        },
      ],
      failedApproaches: [
        {
          approach: `curl -H "Authorization: Bearer ${gh}" against the API`,
          reason: null,
          provenance: "verified",
        },
      ],
      modifiedFiles: [
        {
          path: "src/billing/webhook.ts",
          change: "modified",
          state: "unstaged",
          from: null,
          provenance: "verified",
        },
      ],
      todos: [{ text: "Rotate the leaked key", status: "pending", provenance: "verified" }],
      validation: [
        {
          command: "DATABASE_URL=postgres://app:Zq81mXr2Lw@db/app npm test",
          exitCode: 1,
          at: "2026-11-21T09:59:00.000Z",
          head: "9fceb02d0ae598e95dc970b74767f19372d61af8",
          dirty: true,
          errorLine: "password authentication failed",
          provenance: "verified",
        },
      ],
      filesToRead: [{ path: "docs/billing.md", reason: null, provenance: "claimed" }],
      nextSteps: [{ text: "Add a retry with backoff", provenance: "claimed" }],
      openQuestions: null,
    },
  });
}

describe("redactHandoff", () => {
  for (const variant of [
    { name: "redactHandoff", run: redactHandoff },
    {
      name: "redactHandoffFast",
      run: async (h: Handoff, o?: { env?: NodeJS.ProcessEnv }) => redactHandoffFast(h, o),
    },
  ]) {
    it(`${variant.name} masks every string field and counts by kind`, async () => {
      const original = leakyHandoff();
      const before = structuredClone(original);
      const { handoff, count, kinds } = await variant.run(original, { env: {} });

      expect(original).toEqual(before);
      expect(Handoff.parse(handoff)).toEqual(handoff);
      expect(handoff.topic).toBe("fix billing [REDACTED:stripe-key]");
      expect(handoff.source.transcript).toBe("~/.claude/projects/x/[REDACTED:github-token].jsonl");
      expect(handoff.sections.currentState?.[0]?.text).toBe(
        "Webhook works locally with STRIPE_SECRET=[REDACTED:stripe-key]",
      );
      expect(handoff.sections.keyDecisions?.[0]?.reason).toBe(
        "the upstream accepts [REDACTED:jwt] style bearer tokens",
      );
      expect(handoff.sections.failedApproaches?.[0]?.approach).toBe(
        'curl -H "Authorization: Bearer [REDACTED:github-token]" against the API',
      );
      expect(handoff.sections.validation?.[0]?.command).toBe(
        "DATABASE_URL=postgres://app:[REDACTED:connection-string-password]@db/app npm test",
      );
      expect(count).toBe(6);
      expect(kinds).toEqual({
        "stripe-key": 2,
        "github-token": 2,
        jwt: 1,
        "connection-string-password": 1,
      });
      expect(handoff.redactions).toBe(6);
      expect(handoff.redactionKinds).toEqual(kinds);

      // Everything else is untouched.
      expect(handoff.sections.goal).toEqual(original.sections.goal);
      expect(handoff.sections.modifiedFiles).toEqual(original.sections.modifiedFiles);
      expect(handoff.head).toBe(original.head);
      expect(handoff.source.sessionId).toBe(original.source.sessionId);
      expect(handoff.sections.openQuestions).toBeNull();
    });
  }

  it("keeps the document's count when run again over a redacted handoff", async () => {
    const once = await redactHandoff(leakyHandoff(), { env: {} });
    const twice = await redactHandoff(once.handoff, { env: {} });
    expect(twice.count).toBe(0);
    expect(twice.handoff).toEqual(once.handoff);
    expect(twice.handoff.redactions).toBe(6);
    expect(twice.handoff.redactionKinds).toEqual(once.kinds);
  });

  it("writes the counts by kind into the document, and reads them back", async () => {
    const { handoff } = await redactHandoff(leakyHandoff(), { env: {} });
    const text = renderDocument(handoff);
    expect(text).toContain("redactions: 6\nredaction_kinds:\n  stripe-key: 2\n");
    expect(parseDocument(text).redactionKinds).toEqual(handoff.redactionKinds);
    // A document without masks has no such field, and reads as one without.
    const clean = renderDocument({ ...handoff, redactions: 0, redactionKinds: undefined });
    expect(clean).not.toContain("redaction_kinds");
    expect(parseDocument(clean).redactionKinds).toBeUndefined();
  });

  it("masks the values of the environment's secrets in any field", async () => {
    const secret = chars("handoff-env", ALNUM, 18);
    const h = leakyHandoff();
    h.sections.nextSteps = [{ text: `call the API with ${secret}`, provenance: "claimed" }];
    h.branch = `try-${secret}`;
    const { handoff, kinds } = await redactHandoff(h, { env: { PARTNER_API_KEY: secret } });
    expect(handoff.sections.nextSteps?.[0]?.text).toBe(
      "call the API with [REDACTED:env:PARTNER_API_KEY]",
    );
    expect(handoff.branch).toBe("try-[REDACTED:env:PARTNER_API_KEY]");
    expect(kinds["env-value"]).toBe(2);
  });
});
