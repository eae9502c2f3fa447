// Text for XML documents the harness writes itself (the SVG diagrams, the JUnit skip reasons).

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML, and writes the characters that XML cannot hold at all as \xNN (or \uNNNN). */
export function xmlText(content: string): string {
  let out = '';
  for (const char of content) {
    const code = char.codePointAt(0) ?? 0;
    const allowed =
      code === 0x09 ||
      code === 0x0a ||
      code === 0x0d ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!allowed)
      out += code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
    else out += ENTITIES[char] ?? char;
  }
  return out;
}
