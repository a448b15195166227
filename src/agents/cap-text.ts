/** Caps a text for the Session model, saying how much was cut so nobody mistakes it for the whole. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

export const MAX_MESSAGE_CHARS = 8_000;
export const MAX_OUTPUT_CHARS = 4_000;
