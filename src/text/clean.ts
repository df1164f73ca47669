/**
 * @file Text cleaning as plain string functions: lowercasing, Unicode normalisation, accent
 * stripping, HTML tag and entity removal, removal of characters by a rule, whitespace collapsing,
 * and `cleanText` that chains them from one options object.
 */

const ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0", copy: "©", reg: "®", trade: "™", hellip: "…",
  mdash: "—", ndash: "–", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", laquo: "«", raquo: "»", bdquo: "„", sbquo: "‚",
  euro: "€", pound: "£", yen: "¥", cent: "¢", sect: "§", para: "¶", deg: "°", plusmn: "±", times: "×", divide: "÷",
  middot: "·", bull: "•", auml: "ä", ouml: "ö", uuml: "ü", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", szlig: "ß", eacute: "é",
  egrave: "è", ecirc: "ê", aacute: "á", agrave: "à", acirc: "â", ccedil: "ç", ntilde: "ñ", oacute: "ó", iacute: "í", uacute: "ú",
  Eacute: "É", shy: "\u00ad", zwj: "\u200d", zwnj: "\u200c", thinsp: "\u2009", ensp: "\u2002", emsp: "\u2003",
};

/** Decodes HTML character references: named (`&amp;`, `&auml;` …), decimal (`&#228;`) and hex (`&#xE4;`). */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (m, dec: string, hex: string, name: string) => {
    if (name !== undefined) return ENTITIES[name] ?? m;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex, 16);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : "\ufffd";
  });
}

/** Removes HTML: comments, `<script>`/`<style>` with their content, then all tags (block tags become spaces). */
export function stripHtml(text: string): string {
  return text
    .replace(/<!--[^]*?-->/g, " ")
    .replace(/<(script|style)\b[^>]*>[^]*?<\/\1\s*>/gi, " ")
    .replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote)\b[^>]*>/gi, " ")
    .replace(/<\/?[A-Za-z][^>]*>/g, "");
}

/** Removes combining accents: "Crème brûlée" → "Creme brulee" (ß, æ, ø stay: they are letters, not accents). */
export function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
}

/** Collapses every run of whitespace into one space and trims the ends. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** Which characters `removeChars` deletes: a preset or your own regex (use the `g` and `u` flags). */
export type CharRule = "punctuation" | "digits" | "non-letters" | "non-alphanumeric" | "symbols" | "emoji" | RegExp;

const RULES: Record<Exclude<CharRule, RegExp>, RegExp> = {
  punctuation: /\p{P}/gu,
  digits: /\p{N}/gu,
  symbols: /\p{S}/gu,
  emoji: /\p{Extended_Pictographic}(?:\u200d\p{Extended_Pictographic}|[\u{1f3fb}-\u{1f3ff}\ufe0f])*/gu,
  "non-letters": /[^\p{L}\p{M}\s]/gu,
  "non-alphanumeric": /[^\p{L}\p{M}\p{N}\s]/gu,
};

/** Deletes the characters that `rule` matches, replacing each run by `replacement` (default ""). */
export function removeChars(text: string, rule: CharRule, replacement = ""): string {
  if (typeof rule === "string" && !(rule in RULES)) throw new Error(`removeChars: unknown rule ${JSON.stringify(rule)}; use ${Object.keys(RULES).join(", ")} or a RegExp`);
  const re = typeof rule === "string" ? RULES[rule] : new RegExp(rule.source, rule.flags.includes("g") ? rule.flags : rule.flags + "g");
  return text.replace(re, replacement);
}

export interface CleanOptions {
  /** Remove HTML tags, comments, scripts and styles. Default false. */
  html?: boolean;
  /** Decode HTML entities (`&amp;` → `&`). Default: same as `html`. */
  entities?: boolean;
  /** Unicode normalisation form. Default none. */
  unicode?: "NFC" | "NFKC" | "NFD" | "NFKD";
  lowercase?: boolean;
  stripAccents?: boolean;
  /** Characters to delete (replaced by a space, so words do not run together). */
  remove?: CharRule | readonly CharRule[];
  /** Collapse whitespace runs into one space and trim. Default true. */
  collapseWhitespace?: boolean;
}

/** Chains the cleaning steps in a fixed, sensible order: HTML, entities, Unicode, case, accents, removals, whitespace. */
export function cleanText(text: string, opts: CleanOptions = {}): string {
  if (typeof text !== "string") throw new Error(`cleanText: expected a string, got ${typeof text}`);
  let t = text;
  if (opts.html) t = stripHtml(t);
  if (opts.entities ?? opts.html) t = decodeHtmlEntities(t);
  if (opts.unicode) t = t.normalize(opts.unicode);
  if (opts.lowercase) t = t.toLowerCase();
  if (opts.stripAccents) t = stripAccents(t);
  const removals = opts.remove === undefined ? [] : Array.isArray(opts.remove) ? opts.remove : [opts.remove as CharRule];
  for (const r of removals) t = removeChars(t, r, " ");
  if (opts.collapseWhitespace ?? true) t = collapseWhitespace(t);
  return t;
}
