/**
 * @file Post-processors (Hugging Face `processors`): add special tokens and segment ids around one
 * sequence or a pair — `TemplateProcessing` (BERT's `[CLS] A [SEP] B [SEP]`) and GPT-2's `ByteLevel`.
 */
import { asSequence, concatEncodings, specialEncoding, type Encoding } from "./encoding.ts";

export interface PostProcessor {
  /** How many tokens `process` adds for one sequence or a pair. */
  addedTokens(isPair: boolean): number;
  process(a: Encoding, b: Encoding | null, addSpecialTokens: boolean, text: string): Encoding;
  toJSON(): Record<string, unknown>;
}

/** One element of a template: a special token or sequence A/B, each with its segment id. */
export type TemplatePiece = { SpecialToken: { id: string; type_id: number } } | { Sequence: { id: "A" | "B"; type_id: number } };

/** A special token used by a template: its name and the ids/tokens it stands for. */
export interface TemplateSpecialToken { id: string; ids: number[]; tokens: string[] }

/**
 * Parses a template written as in `tokenizers`: `"[CLS] $A [SEP] $B:1 [SEP]:1"` — `$A`/`$B` are
 * the sequences, `:n` sets the segment id.
 */
export function parseTemplate(template: string): TemplatePiece[] {
  return template.trim().split(/\s+/).map((part) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(part) as RegExpExecArray;
    const name = m[1], type = Number(m[2] ?? 0);
    if (name === "$A" || name === "$B" || name === "$") return { Sequence: { id: name === "$B" ? "B" : "A", type_id: type } };
    if (name.startsWith("$")) throw new Error(`template: unknown sequence ${JSON.stringify(name)}; use $A or $B`);
    return { SpecialToken: { id: name, type_id: type } };
  });
}

export class TemplateProcessing implements PostProcessor {
  readonly single: TemplatePiece[];
  readonly pair: TemplatePiece[];
  constructor(single: string | TemplatePiece[], pair: string | TemplatePiece[], readonly specialTokens: Readonly<Record<string, TemplateSpecialToken>>) {
    this.single = typeof single === "string" ? parseTemplate(single) : single;
    this.pair = typeof pair === "string" ? parseTemplate(pair) : pair;
    for (const p of [...this.single, ...this.pair]) {
      if ("SpecialToken" in p && !Object.hasOwn(specialTokens, p.SpecialToken.id)) throw new Error(`TemplateProcessing: the template uses ${JSON.stringify(p.SpecialToken.id)}, which is not among its special tokens`);
    }
  }

  addedTokens(isPair: boolean): number {
    return (isPair ? this.pair : this.single).reduce((n, p) => n + ("SpecialToken" in p ? this.specialTokens[p.SpecialToken.id].ids.length : 0), 0);
  }

  process(a: Encoding, b: Encoding | null, addSpecialTokens: boolean): Encoding {
    if (!addSpecialTokens) return b ? concatEncodings([asSequence(a, 0, 0), asSequence(b, 1, 1)]) : a;
    const parts = (b ? this.pair : this.single).map((p): Encoding => {
      if ("Sequence" in p) return p.Sequence.id === "A" ? asSequence(a, 0, p.Sequence.type_id) : asSequence(b as Encoding, 1, p.Sequence.type_id);
      const st = this.specialTokens[p.SpecialToken.id];
      return specialEncoding(st.ids, st.tokens, p.SpecialToken.type_id);
    });
    return concatEncodings(parts);
  }

  toJSON() { return { type: "TemplateProcessing", single: this.single, pair: this.pair, special_tokens: this.specialTokens }; }
}

/** BERT's template: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]` with segment ids 0, 0 / 1. */
export function bertTemplate(cls: [string, number], sep: [string, number]): TemplateProcessing {
  return new TemplateProcessing(`${cls[0]} $A ${sep[0]}`, `${cls[0]} $A ${sep[0]} $B:1 ${sep[0]}:1`, {
    [cls[0]]: { id: cls[0], ids: [cls[1]], tokens: [cls[0]] },
    [sep[0]]: { id: sep[0], ids: [sep[1]], tokens: [sep[0]] },
  });
}

/** GPT-2's post-processor: no tokens added; with `trimOffsets`, offsets leave out surrounding whitespace. */
export class ByteLevelProcessor implements PostProcessor {
  constructor(readonly trimOffsets = false, readonly addPrefixSpace = true) {}
  addedTokens(): number { return 0; }
  process(a: Encoding, b: Encoding | null, _add: boolean, text: string): Encoding {
    const e = b ? concatEncodings([a, asSequence(b, 1, 1)]) : a;
    if (!this.trimOffsets) return e;
    const ws = (i: number) => /\s/u.test(text[i] ?? "");
    const offsets = e.offsets.map(([s, t]): [number, number] => {
      while (s < t && ws(s)) s++;
      while (t > s && ws(t - 1)) t--;
      return [s, t];
    });
    return { ...e, offsets };
  }
  toJSON() { return { type: "ByteLevel", add_prefix_space: this.addPrefixSpace, trim_offsets: this.trimOffsets, use_regex: true }; }
}
