import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slugifyTopic } from "../../src/store/slugify-topic.ts";

describe("slugifyTopic", () => {
  it("turns branches and goals into lowercase dashed slugs", () => {
    expect(slugifyTopic("feature/Login-Page")).toBe("feature-login-page");
    expect(slugifyTopic("  Fix the  flaky_test!! ")).toBe("fix-the-flaky-test");
    expect(slugifyTopic("v2.1 release")).toBe("v2-1-release");
  });

  it("transliterates accented and special Latin letters", () => {
    expect(slugifyTopic("Café résumé")).toBe("cafe-resume");
    expect(slugifyTopic("Straße Ærø Łódź")).toBe("strasse-aero-lodz");
    expect(slugifyTopic("ＦＵＬＬＷＩＤＴＨ")).toBe("fullwidth");
  });

  it("drops what has no ASCII spelling and falls back to 'handoff' when nothing is left", () => {
    expect(slugifyTopic("修复 login 🐛")).toBe("login");
    expect(slugifyTopic("修复错误")).toBe("handoff");
    expect(slugifyTopic("")).toBe("handoff");
    expect(slugifyTopic("---")).toBe("handoff");
  });

  it("cuts long topics at a word boundary within 50 characters", () => {
    const slug = slugifyTopic(
      "refactor the authentication middleware so that sessions survive restarts",
    );
    expect(slug).toBe("refactor-the-authentication-middleware-so-that");
    expect(slugifyTopic("a".repeat(80))).toBe("a".repeat(50));
  });

  it("always yields a safe, non-empty slug of at most 50 characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 120 }), (topic) => {
        const slug = slugifyTopic(topic);
        expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(slug.length).toBeLessThanOrEqual(50);
      }),
    );
  });
});
