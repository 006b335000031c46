// Text taken from the target (paths, event names, selectors, messages) is shown as text, and
// characters that would hide or reorder it are shown as their code points: bidirectional
// overrides and isolates, zero-width and other format characters, and control characters.
// A result holding "\u202E" then reads "[U+202E]" instead of silently reversing what follows.

const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}\u2028\u2029]/gu;

export function visible(text: unknown): string {
  const s =
    typeof text === "string" ? text : text === undefined || text === null ? "" : String(text);
  return s.replace(HIDDEN, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return `[U+${code.toString(16).toUpperCase().padStart(4, "0")}]`;
  });
}

// One line of it: newlines and tabs become spaces.
export function oneLine(text: unknown): string {
  return visible(text).replace(/[\n\t\r]+/g, " ");
}

export function tagsText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}
