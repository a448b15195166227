/**
 * Caps a text for the Session model, saying how much was cut so nobody mistakes it for the whole.
 * `length` is the text's full length when only its start is at hand (slim-json-line.ts).
 */
export function capText(text: string, max: number, length = text.length): string {
  if (length <= max) return text;
  return `${text.slice(0, max)}… [${length - max} more characters]`;
}

export const MAX_MESSAGE_CHARS = 8_000;
export const MAX_OUTPUT_CHARS = 4_000;
