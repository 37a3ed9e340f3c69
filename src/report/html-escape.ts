// Everything that reaches report.html from results.json is text a run or a plug-in wrote: escape it all.
const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => replacements[character] ?? character);
}

// "3.4e-9" -> "3.4 × 10<sup>−9</sup>": p-values in the page read as numbers, not as code.
export function scientificHtml(text: string): string {
  return escapeHtml(text).replace(/(\d(?:\.\d+)?)e([+-]?)(\d+)/g, (_, mantissa: string, sign: string, exponent: string) =>
    `${mantissa}×10<sup>${sign === '-' ? '−' : ''}${exponent}</sup>`);
}
