/**
 * @file German→English translation: a GRU encoder–decoder with Bahdanau attention trained with teacher
 * forcing on the sentence pairs of Debian's `trans-de-en` (Ding) dictionary; greedy and beam decoding,
 * corpus BLEU on held-out pairs, and the attention weights of one sentence as a heat-map (SVG + PNG).
 */
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export const DING = "/usr/share/trans/de-en";
const [PAD, START, END] = ["<pad>", "<start>", "<end>"];

/** Ding lines `de | de :: en | en`: aligned sub-entries, tags ({m}, [ugs.]) stripped, German ≥ 4 words, both ending in . ? or ! */
export function loadDingPairs(path = DING): [string, string][] {
  if (!existsSync(path)) throw new Error(`${path} not found: install the Debian package trans-de-en (apt-get install -y trans-de-en)`);
  const strip = (s: string): string => s.replace(/\{[^}]*\}|\[[^\]]*\]/g, "").replace(/\s+/g, " ").trim();
  const pairs: [string, string][] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [de, en] = line.split(" :: ");
    if (en === undefined) continue;
    const ds = de.split(" | "), es = en.split(" | ");
    if (ds.length !== es.length) continue;
    ds.forEach((d, i) => {
      const [g, e] = [strip(d), strip(es[i])];
      if (g.split(" ").length >= 4 && /[.?!]$/.test(g) && /[.?!]$/.test(e)) pairs.push([g, e]);
    });
  }
  return pairs;
}

/** Lower-case words and punctuation marks; of "a/b" alternatives the first is kept. */
export const tokenize = (s: string): string[] =>
  s.toLowerCase().replace(/’/g, "'").replace(/([\p{L}\p{N}']+)(\/[\p{L}\p{N}']+)+/gu, "$1").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?|[^\s\p{L}\p{N}]/gu) ?? [];

/** Word ↔ id with <pad> = 0, <start>, <end> and <unk>; words seen fewer than minCount times are <unk>. */
export class Vocab {
  readonly words: string[];
  readonly #ids: Map<string, number>;
  constructor(sentences: string[][], minCount: number) {
    const counts = new Map<string, number>();
    for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
    const kept = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    this.words = [PAD, START, END, "<unk>", ...kept];
    this.#ids = new Map(this.words.map((w, i) => [w, i]));
  }
  get size(): number { return this.words.length; }
  id(w: string): number { return this.#ids.get(w) ?? 3; }
  encode(words: string[]): number[] { return words.map((w) => this.id(w)); }
  decode(ids: number[]): string[] { return ids.map((i) => this.words[i]); }
}

/** A teacher-forcing batch of (German, English) pairs: padded source (B, S), decoder input `<start> y` and target `y <end>` (B, T). */
export function teacherForcingBatch(rows: readonly (readonly [string[], string[]])[], src: Vocab, tgt: Vocab) {
  const srcIds = rows.map(([de]) => src.encode(de));
  const tgtIds = rows.map(([, en]) => tgt.encode(en));
  const x = lw.text.padSequences(srcIds, { padding: "post" }); // (B, S)
  const yIn = lw.text.padSequences(tgtIds.map((s) => [1, ...s]), { padding: "post" }); // (B, T): <start> y₁ … y_n
  const yOut = lw.text.padSequences(tgtIds.map((s) => [...s, 2]), { padding: "post" }); // (B, T): y₁ … y_n <end>
  return { srcIds, x, yIn, yOut };
}

/** `steps` optimizer steps of `lossOf(step)` with gradients clipped to norm 1; logs the mean loss every 50 steps. */
export function trainSteps(steps: number, opt: { zeroGrad(): void; step(): void }, params: lw.nn.Parameter[], log: (s: string) => void, lossOf: (step: number) => lw.Tensor) {
  const losses: number[] = [];
  let trainMs = 0;
  for (let step = 1; step <= steps; step++) {
    const t0 = performance.now();
    const loss = lossOf(step);
    opt.zeroGrad();
    loss.backward();
    lw.optim.clipGradNorm(params, 1);
    opt.step();
    trainMs += performance.now() - t0;
    losses.push(loss.item());
    if (step % 50 === 0 || step === steps) log(`step ${step}: training loss ${(losses.slice(-50).reduce((a, b) => a + b) / Math.min(50, losses.length)).toFixed(3)}`);
  }
  return { losses, trainMs };
}

export interface TranslateOptions {
  steps?: number; maxWords?: number; pairLimit?: number; testSize?: number; batchSize?: number; hiddenSize?: number;
  embeddingDim?: number; lr?: number; beamWidth?: number; minCount?: number; heatmapPath?: string | null; seed?: number;
  log?: (...a: unknown[]) => void;
}
export interface TranslateResult {
  pairs: number; trainPairs: number; testPairs: number; srcVocab: number; tgtVocab: number;
  losses: number[]; bleuGreedy: number; bleuBeam: number; examples: { de: string; ref: string; greedy: string; beam: string }[];
  heatmap: string[]; msPerStep: number;
}

/** The attention matrix (target rows × source columns) as an SVG heat-map with the words on the axes. */
export function attentionSvg(weights: number[][], src: string[], tgt: string[]): string {
  const cell = 34, left = 12 + 8 * Math.max(...tgt.map((w) => w.length)), top = 12 + 8 * Math.max(...src.map((w) => w.length));
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const cells = weights.flatMap((row, i) => row.map((v, j) => {
    const g = Math.round(255 * (1 - v));
    return `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${g},${g},255)" stroke="white"><title>${v.toFixed(3)}</title></rect>`;
  }));
  const cols = src.map((w, j) => `<text transform="translate(${left + j * cell + cell / 2 + 4},${top - 6}) rotate(-60)" font-size="13">${esc(w)}</text>`);
  const rows = tgt.map((w, i) => `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="13">${esc(w)}</text>`);
  const [W, H] = [left + src.length * cell + 20, top + tgt.length * cell + 20];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif"><rect width="${W}" height="${H}" fill="white"/>\n${[...cells, ...cols, ...rows].join("\n")}\n</svg>\n`;
}

export function main(opts: TranslateOptions = {}): TranslateResult {
  const log = opts.log ?? console.log;
  const gen = lw.manualSeed(opts.seed ?? 0);
  const maxWords = opts.maxWords ?? 8;
  const all = loadDingPairs()
    .map(([de, en]) => [tokenize(de), tokenize(en)] as const)
    .filter(([de, en]) => de.length <= maxWords && en.length <= maxWords && en.length > 0);
  const order = [...gen.permutation(all.length)].slice(0, opts.pairLimit ?? all.length);
  const pairs = order.map((i) => all[i]);
  const nTest = opts.testSize ?? 200;
  const [train, test] = [pairs.slice(nTest), pairs.slice(0, nTest)];
  const src = new Vocab(train.map(([de]) => de), opts.minCount ?? 3), tgt = new Vocab(train.map(([, en]) => en), opts.minCount ?? 3);
  log(`Ding de→en: ${all.length} sentence pairs of ≤ ${maxWords} words; ${train.length} for training, ${test.length} held out; vocabularies: ${src.size} German, ${tgt.size} English words`);

  const model = new lw.models.Seq2SeqGRU({ srcVocabSize: src.size, tgtVocabSize: tgt.size, embeddingDim: opts.embeddingDim ?? 64, hiddenSize: opts.hiddenSize ?? 128 });
  const opt = new lw.optim.Adam(model.parameters(), { lr: opts.lr ?? 3e-3 });
  const lossFn = new lw.nn.CrossEntropyLoss({ ignoreIndex: 0 });
  const B = opts.batchSize ?? 32, steps = opts.steps ?? 500;
  const { losses, trainMs } = trainSteps(steps, opt, model.parameters(), log, () => {
    const rows = Array.from(gen.integers(B, 0, train.length), (i) => train[i]);
    const { srcIds, x, yIn, yOut } = teacherForcingBatch(rows, src, tgt);
    const logits = model.forward(x, srcIds.map((s) => s.length), yIn); // (B, T, V): teacher forcing
    return lossFn.forward(logits.reshape(-1, tgt.size), yOut.reshape(-1));
  });

  const ids = { startId: 1, endId: 2, maxLength: maxWords + 4 };
  const greedy = test.map(([de]) => model.translate(src.encode(de), ids));
  const beam = test.map(([de]) => model.translate(src.encode(de), { ...ids, beamWidth: opts.beamWidth ?? 4 }));
  const refs = test.map(([, en]) => [en]);
  const words = (t: { tokens: number[] }): string[] => tgt.decode(t.tokens);
  const bleuGreedy = lw.metrics.corpusBleu(refs, greedy.map(words));
  const bleuBeam = lw.metrics.corpusBleu(refs, beam.map(words));
  const bleu12 = (hyps: { tokens: number[] }[]): string =>
    [[1], [0.5, 0.5]].map((weights) => (100 * lw.metrics.corpusBleu(refs, hyps.map(words), { weights })).toFixed(1)).join(" / ");
  const examples = test.slice(0, 8).map(([de, en], i) => ({ de: de.join(" "), ref: en.join(" "), greedy: words(greedy[i]).join(" "), beam: words(beam[i]).join(" ") }));
  for (const e of examples) log(`\n  de:     ${e.de}\n  ref:    ${e.ref}\n  greedy: ${e.greedy}\n  beam:   ${e.beam}`);
  log(`\nheld-out corpus BLEU (${test.length} sentences): greedy ${(100 * bleuGreedy).toFixed(2)}, beam ${opts.beamWidth ?? 4}: ${(100 * bleuBeam).toFixed(2)}`);
  log(`BLEU-1 / BLEU-2: greedy ${bleu12(greedy)}, beam ${bleu12(beam)}`);

  let heatmap: string[] = [];
  if (opts.heatmapPath !== null) {
    const [de] = test[0], t = greedy[0];
    const srcWords = src.decode(src.encode(de)), tgtWords = [...words(t), END].slice(0, t.attention.length);
    heatmap = lw.plot.writeFigure(attentionSvg(t.attention, srcWords, tgtWords), opts.heatmapPath ?? join(tmpdir(), "lernwerk-attention-de-en.svg"));
    log(`attention heat-map of "${de.join(" ")}": ${heatmap.join(", ")}`);
  }
  const msPerStep = trainMs / steps;
  log(`${msPerStep.toFixed(0)} ms per training step (batch ${B})`);
  return { pairs: all.length, trainPairs: train.length, testPairs: test.length, srcVocab: src.size, tgtVocab: tgt.size, losses, bleuGreedy, bleuBeam, examples, heatmap, msPerStep };
}

if (isMain(import.meta.url)) main(isSmoke() ? { steps: 3, pairLimit: 300, testSize: 10, hiddenSize: 16, embeddingDim: 8, heatmapPath: "/tmp/attention-de-en.svg" } : {});
