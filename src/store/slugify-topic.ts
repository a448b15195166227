const MAX_SLUG_LENGTH = 50;
const FALLBACK_SLUG = "handoff";

/** Letters that Unicode decomposition does not reduce to ASCII, spelled the usual way. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ł: "l",
  þ: "th",
  ı: "i",
};

/**
 * A file-name-safe slug of a topic: lowercase ASCII letters, digits and single dashes,
 * at most 50 characters. Accented letters lose their accents (é → e); letters with no
 * ASCII spelling (CJK, emoji) are dropped, so a topic made only of them gives "handoff".
 */
export function slugifyTopic(topic: string): string {
  const ascii = topic
    .normalize("NFKD")
    .toLowerCase()
    .replace(/\p{Mark}/gu, "")
    .replace(/[^\p{ASCII}]/gu, (char) => TRANSLITERATIONS[char] ?? " ");
  const dashed = ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return truncateAtDash(dashed) || FALLBACK_SLUG;
}

/** Cuts at a word boundary when one is near, so a long topic does not end mid-word. */
function truncateAtDash(slug: string): string {
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH);
  const lastDash = cut.lastIndexOf("-");
  const shortened = lastDash >= MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastDash) : cut;
  return shortened.replace(/-+$/g, "");
}
