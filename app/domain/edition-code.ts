/**
 * Derives an edition code from its name: numbers kept whole, single letters kept, longer words
 * dropped ("2027 · Cohorte B" → "2027B"); when nothing is left, the words' initials.
 */
export function deriveEditionCode(name: string): string {
  const words = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  let code = words.filter((w) => /^\d+$/.test(w) || w.length === 1).join("");
  if (!code) code = words.map((w) => w[0]).join("");
  return (code || "E").slice(0, 12);
}
