/**
 * @file pipeline("token-classification"): a label per word piece (`{ entity, score, index, word, start, end }`),
 * or grouped into entities/words with an aggregation strategy, as Hugging Face's TokenClassificationPipeline.
 */
import { noGrad } from "../core/grad-mode.ts";
import type { BertForTokenClassification } from "../models/bert.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { encodeBatch, makePipeline, pipelineKeys, softmaxRow, type BatchOptions, type Pipeline } from "./common.ts";

export interface TokenEntity { entity: string; score: number; index: number; word: string; start: number; end: number }
export interface EntityGroup { entity_group: string; score: number; word: string; start: number; end: number }
export type Aggregation = "none" | "simple" | "first";
export interface TokenClassificationOptions extends BatchOptions {
  /** "none" (default): every piece; "simple": consecutive pieces of one entity (B-/I- prefixes) merged;
   * "first": each word takes its first piece's label, then words merged as "simple". */
  aggregationStrategy?: Aggregation;
  /** Labels left out of the results (default ["O"]). */
  ignoreLabels?: readonly string[];
}

const stripBI = (l: string): [string, boolean] => (/^[BI]-/.test(l) ? [l.slice(2), l[0] === "B"] : [l, false]);

export function tokenClassificationPipeline(model: BertForTokenClassification, tokenizer: Tokenizer): Pipeline<Array<TokenEntity | EntityGroup>, TokenClassificationOptions> {
  return makePipeline("token-classification", pipelineKeys("aggregationStrategy", "ignoreLabels"), (texts, opts) => {
    const agg = opts.aggregationStrategy ?? "none", ignore = new Set(opts.ignoreLabels ?? ["O"]);
    if (!["none", "simple", "first"].includes(agg)) throw new RangeError(`pipeline("token-classification"): aggregationStrategy must be "none", "simple" or "first", got ${JSON.stringify(agg)}`);
    const encs = encodeBatch(tokenizer, texts, opts.maxLength ?? model.config.maxPositionEmbeddings);
    model.eval();
    const logits = noGrad(() => model.forward(encs).logits); // (B, T, C)
    const [, T, C] = logits.shape, flat = logits.contiguous().toTypedArray();
    return encs.map((e, b) => {
      const pieces: (TokenEntity & { sub: boolean })[] = [];
      e.ids.forEach((_, t) => {
        if (e.specialTokensMask[t] || !e.attentionMask[t]) return;
        const p = softmaxRow(flat.subarray((b * T + t) * C, (b * T + t + 1) * C));
        const best = p.indexOf(Math.max(...p));
        const [start, end] = e.offsets[t];
        pieces.push({ entity: model.config.id2label[best] ?? `LABEL_${best}`, score: p[best], index: t, word: e.tokens[t], start, end, sub: e.tokens[t].startsWith("##") });
      });
      if (agg === "none") return pieces.filter((p) => !ignore.has(p.entity)).map(({ sub: _s, ...p }) => p);
      // "first": a word is its first piece's label and score, spanning all its pieces.
      const units = agg === "simple" ? pieces : pieces.reduce<typeof pieces>((ws, p) => {
        if (p.sub && ws.length) ws[ws.length - 1].end = p.end;
        else ws.push({ ...p });
        return ws;
      }, []);
      const groups: (EntityGroup & { n: number; sum: number })[] = [];
      for (const u of units) {
        const [type, begins] = stripBI(u.entity);
        const last = groups[groups.length - 1];
        if (last && last.entity_group === type && !begins) {
          last.end = u.end; last.sum += u.score; last.n++;
        } else groups.push({ entity_group: type, score: u.score, word: "", start: u.start, end: u.end, n: 1, sum: u.score });
      }
      return groups.filter((g) => !ignore.has(g.entity_group)).map((g) => ({ entity_group: g.entity_group, score: g.sum / g.n, word: texts[b].slice(g.start, g.end), start: g.start, end: g.end }));
    });
  });
}
