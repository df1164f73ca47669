/**
 * @file German→English translation with the encoder–decoder transformer (lw.models.Seq2SeqTransformer) on the
 * Ding `trans-de-en` sentence pairs, with the GRU example's data pipeline and split; greedy decoding, corpus BLEU
 * next to the GRU-attention model trained on the same pairs (`compareGru`).
 */
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";
import { loadDingPairs, main as translateGru, teacherForcingBatch, tokenize, trainSteps, Vocab } from "./translate-de-en.ts";

export interface TransformerTranslateOptions {
  steps?: number; maxWords?: number; pairLimit?: number; testSize?: number; batchSize?: number; dModel?: number; nhead?: number;
  layers?: number; dimFeedforward?: number; dropout?: number; lr?: number; warmup?: number; minCount?: number; seed?: number;
  /** Also train the GRU-attention example on the same split and steps, and report its BLEU. */
  compareGru?: boolean;
  log?: (...a: unknown[]) => void;
}
export interface TransformerTranslateResult {
  trainPairs: number; testPairs: number; losses: number[]; bleu: number; bleuGru: number | null;
  msPerStep: number; msPerStepGru: number | null; examples: { de: string; ref: string; transformer: string }[];
}

export function main(opts: TransformerTranslateOptions = {}): TransformerTranslateResult {
  const log = opts.log ?? console.log;
  const seed = opts.seed ?? 0, gen = lw.manualSeed(seed);
  const maxWords = opts.maxWords ?? 10, minCount = opts.minCount ?? 3;
  // The GRU example's pipeline and split: same seed, same permutation, same held-out pairs.
  const all = loadDingPairs()
    .map(([de, en]) => [tokenize(de), tokenize(en)] as const)
    .filter(([de, en]) => de.length <= maxWords && en.length <= maxWords && en.length > 0);
  const pairs = [...gen.permutation(all.length)].slice(0, opts.pairLimit ?? all.length).map((i) => all[i]);
  const nTest = opts.testSize ?? 200;
  const [train, test] = [pairs.slice(nTest), pairs.slice(0, nTest)];
  const src = new Vocab(train.map(([de]) => de), minCount), tgt = new Vocab(train.map(([, en]) => en), minCount);
  log(`Ding de→en: ${train.length} training pairs, ${test.length} held out; vocabularies ${src.size} German, ${tgt.size} English`);

  const model = new lw.models.Seq2SeqTransformer({
    srcVocabSize: src.size, tgtVocabSize: tgt.size, dModel: opts.dModel ?? 128, nhead: opts.nhead ?? 4, numEncoderLayers: opts.layers ?? 2,
    numDecoderLayers: opts.layers ?? 2, dimFeedforward: opts.dimFeedforward ?? 256, dropout: opts.dropout ?? 0.1, maxLen: maxWords + 8,
  });
  log(`Seq2SeqTransformer: ${model.numParameters().toLocaleString("en")} parameters`);
  const B = opts.batchSize ?? 32, steps = opts.steps ?? 300, warmup = opts.warmup ?? Math.ceil(steps / 10);
  const opt = new lw.optim.AdamW(model.parameters(), { lr: opts.lr ?? 1e-3, betas: [0.9, 0.98], weightDecay: 0.01 });
  const lossFn = new lw.nn.CrossEntropyLoss({ ignoreIndex: 0, labelSmoothing: 0.1 });
  const baseLr = opts.lr ?? 1e-3;
  const { losses, trainMs } = trainSteps(steps, opt, model.parameters(), log, (step) => {
    for (const g of opt.paramGroups) g.lr = baseLr * Math.min(1, step / warmup); // linear warm-up
    const rows = Array.from(gen.integers(B, 0, train.length), (i) => train[i]);
    const { x, yIn, yOut } = teacherForcingBatch(rows, src, tgt);
    const logits = model.forward(x, yIn); // (B, T, V)
    return lossFn.forward(logits.reshape(-1, tgt.size), yOut.reshape(-1));
  });

  const ids = { startId: 1, endId: 2, maxLength: maxWords + 4 };
  const outs = test.map(([de]) => tgt.decode(model.translate(src.encode(de), ids).tokens));
  const bleu = lw.metrics.corpusBleu(test.map(([, en]) => [en]), outs);
  const examples = test.slice(0, 6).map(([de, en], i) => ({ de: de.join(" "), ref: en.join(" "), transformer: outs[i].join(" ") }));
  for (const e of examples) log(`\n  de:          ${e.de}\n  ref:         ${e.ref}\n  transformer: ${e.transformer}`);
  const msPerStep = trainMs / steps;
  log(`\ntransformer: held-out corpus BLEU (${test.length} sentences, greedy) ${(100 * bleu).toFixed(2)}; ${msPerStep.toFixed(0)} ms per training step (batch ${B})`);

  let bleuGru: number | null = null, msPerStepGru: number | null = null;
  if (opts.compareGru) {
    log("\nthe GRU-attention model of examples/translate-de-en.ts on the same split and steps:");
    const gru = translateGru({ steps, maxWords, pairLimit: opts.pairLimit, testSize: nTest, batchSize: B, minCount, seed, beamWidth: 1, heatmapPath: null, log: () => {} });
    bleuGru = gru.bleuGreedy;
    msPerStepGru = gru.msPerStep;
    log(`GRU + Bahdanau attention: held-out corpus BLEU (greedy) ${(100 * bleuGru).toFixed(2)}; ${msPerStepGru.toFixed(0)} ms per training step`);
  }
  return { trainPairs: train.length, testPairs: test.length, losses, bleu, bleuGru, msPerStep, msPerStepGru, examples };
}

if (isMain(import.meta.url)) {
  const i = process.argv.indexOf("--steps"), steps = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  main(isSmoke() ? { steps: 3, pairLimit: 300, testSize: 8, dModel: 16, nhead: 2, layers: 1, dimFeedforward: 32, compareGru: true } : { steps, compareGru: true });
}
