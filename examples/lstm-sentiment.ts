/**
 * @file LSTM text classification: Embedding → LSTM → Dense on the 3,000 UCI sentiment sentences (npm
 * `sentiment` fixtures: Amazon, Yelp, IMDB), with a Keras tokenizer, padded batches packed by length.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const nn = lw.nn;

export interface Labelled { text: string; label: number }

/** The three fixture files of npm `sentiment` (UCI "Sentiment Labelled Sentences", CC BY 4.0); each ends with an empty unlabelled row, dropped. */
export function loadSentences(): Labelled[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve("sentiment/package.json")), "test", "fixtures");
  return ["amazon", "yelp", "imdb"].flatMap((f) =>
    (JSON.parse(readFileSync(join(dir, `${f}.json`), "utf8")) as { text: string; class: number }[]).filter((r) => r.class === 0 || r.class === 1).map((r) => ({ text: r.text, label: r.class })));
}

/** Embedding → LSTM → Linear(1): the logit of "positive" from the last hidden state of each sentence. */
export class SentimentLSTM extends nn.Module<[lw.Tensor, number[]], lw.Tensor> {
  embedding: lw.nn.Embedding;
  lstm: lw.nn.LSTM;
  dense: lw.nn.Linear;
  constructor(vocabSize: number, embeddingDim: number, hiddenSize: number) {
    super();
    this.embedding = new nn.Embedding(vocabSize, embeddingDim, { paddingIdx: 0 });
    this.lstm = new nn.LSTM(embeddingDim, hiddenSize, { batchFirst: true });
    this.dense = new nn.Linear(hiddenSize, 1);
  }
  /** ids (B, T) int32, padded at the end; lengths (B) → logits (B). */
  forward(ids: lw.Tensor, lengths: number[]): lw.Tensor {
    const x = this.embedding.forward(ids); // (B, T, E)
    const [, [h]] = this.lstm.forward(nn.packPaddedSequence(x, lengths, { batchFirst: true, enforceSorted: false }));
    return this.dense.forward(h.index(0)).squeeze(1); // (B)
  }
}

export interface SentimentOptions {
  epochs?: number; limit?: number; maxlen?: number; numWords?: number; embeddingDim?: number; hiddenSize?: number;
  batchSize?: number; lr?: number; seed?: number; log?: (...a: unknown[]) => void;
}

/** Trains on 80% of the sentences and reports the accuracy on the other 20%. */
export function main(opts: SentimentOptions = {}): { testAccuracy: number; trainLoss: number[]; vocabSize: number; seconds: number } {
  const log = opts.log ?? console.log, t0 = performance.now();
  const gen = lw.manualSeed(opts.seed ?? 0);
  const all = loadSentences();
  const order = [...gen.permutation(all.length)].slice(0, opts.limit ?? all.length);
  const data = order.map((i) => all[i]);
  const nTrain = Math.round(data.length * 0.8);
  const [train, test] = [data.slice(0, nTrain), data.slice(nTrain)];
  const tok = new lw.text.KerasTokenizer({ numWords: opts.numWords ?? 4000, oovToken: "<OOV>" });
  tok.fitOnTexts(train.map((d) => d.text));
  const vocabSize = Math.min(opts.numWords ?? 4000, tok.wordIndex.size + 1);
  const maxlen = opts.maxlen ?? 40;
  const encode = (rows: Labelled[]): { ids: number[][]; lengths: number[] } => {
    const ids = tok.textsToSequences(rows.map((r) => r.text)).map((s) => (s.length ? s.slice(0, maxlen) : [1])); // empty → one OOV
    return { ids, lengths: ids.map((s) => s.length) };
  };
  log(`${train.length} training and ${test.length} test sentences, vocabulary ${vocabSize} words, at most ${maxlen} words each`);

  const model = new SentimentLSTM(vocabSize, opts.embeddingDim ?? 32, opts.hiddenSize ?? 32);
  const opt = new lw.optim.Adam(model.parameters(), { lr: opts.lr ?? 5e-3 });
  const lossFn = new nn.BCEWithLogitsLoss();
  const batch = (rows: Labelled[]) => {
    const { ids, lengths } = encode(rows);
    return { x: lw.text.padSequences(ids, { padding: "post" }), lengths, y: lw.tensor(rows.map((r) => r.label)) };
  };
  const bs = opts.batchSize ?? 32, trainLoss: number[] = [];
  for (let epoch = 1; epoch <= (opts.epochs ?? 6); epoch++) {
    model.train();
    const perm = [...gen.permutation(train.length)];
    let sum = 0, n = 0;
    for (let at = 0; at < perm.length; at += bs) {
      const { x, lengths, y } = batch(perm.slice(at, at + bs).map((i) => train[i]));
      const loss = lossFn.forward(model.forward(x, lengths), y);
      opt.zeroGrad();
      loss.backward();
      lw.optim.clipGradNorm(model.parameters(), 5);
      opt.step();
      sum += loss.item() * lengths.length;
      n += lengths.length;
    }
    trainLoss.push(sum / n);
    log(`epoch ${epoch}: train loss ${(sum / n).toFixed(4)}, test accuracy ${(100 * accuracyOn(model, test, batch)).toFixed(1)}%`);
  }
  const testAccuracy = accuracyOn(model, test, batch);
  const seconds = (performance.now() - t0) / 1000;
  log(`test accuracy ${(100 * testAccuracy).toFixed(1)}% (${seconds.toFixed(1)} s)`);
  return { testAccuracy, trainLoss, vocabSize, seconds };
}

function accuracyOn(model: SentimentLSTM, rows: Labelled[], batch: (r: Labelled[]) => { x: lw.Tensor; lengths: number[]; y: lw.Tensor }): number {
  model.eval();
  return lw.noGrad(() => {
    let right = 0;
    for (let at = 0; at < rows.length; at += 256) {
      const { x, lengths, y } = batch(rows.slice(at, at + 256));
      right += model.forward(x, lengths).gt(0).eq(y.gt(0.5)).sum().item();
    }
    return right / rows.length;
  });
}

if (isMain(import.meta.url)) main(isSmoke() ? { epochs: 1, limit: 300 } : {});
