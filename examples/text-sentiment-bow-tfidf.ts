/**
 * @file Bag of words vs TF-IDF features for sentiment classification on the 3,000 labelled UCI
 * sentences (Amazon, Yelp, IMDB; npm `sentiment` fixtures), each with the same logistic regression
 * trained by full-batch gradient descent on lw tensors with autograd.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const require = createRequire(import.meta.url);

interface Labelled { text: string; class: number }

/** The UCI sentences, shuffled with a fixed seed. */
export function loadSentences(): Labelled[] {
  const dir = join(dirname(require.resolve("sentiment/package.json")), "test", "fixtures");
  const all = ["amazon", "yelp", "imdb"].flatMap((f) => JSON.parse(readFileSync(join(dir, `${f}.json`), "utf8")) as Labelled[])
    .filter((s) => typeof s.text === "string" && (s.class === 0 || s.class === 1)); // a few fixture rows lack a label
  lw.manualSeed(0);
  return (lw.randperm(all.length).tolist() as number[]).map((i) => all[i]);
}

/** Logistic regression: returns the test accuracy after `epochs` of gradient descent. */
function logisticRegression(xTrain: lw.Tensor, yTrain: lw.Tensor, xTest: lw.Tensor, yTest: lw.Tensor, epochs: number, lr: number): number {
  const w = lw.zeros([xTrain.shape[1], 1], { requiresGrad: true });
  const b = lw.zeros([1], { requiresGrad: true });
  for (let e = 0; e < epochs; e++) {
    const z = xTrain.matmul(w).add(b); // (N, 1) logits
    const loss = z.softplus().sub(z.mul(yTrain)).mean().add(w.square().sum().mul(1e-4)); // BCE with logits + L2
    loss.backward();
    lw.noGrad(() => { w.sub_((w.grad as lw.Tensor).mul(lr)); b.sub_((b.grad as lw.Tensor).mul(lr)); });
    w.grad = null; b.grad = null;
  }
  const pred = lw.noGrad(() => xTest.matmul(w).add(b).gt(0).float());
  return pred.eq(yTest).float().mean().item();
}

export interface SentimentResult { train: number; test: number; features: number; bowAccuracy: number; tfidfAccuracy: number }

export function main(opts: { smoke?: boolean; log?: (...a: unknown[]) => void } = {}): SentimentResult {
  const log = opts.log ?? console.log;
  let data = loadSentences();
  if (opts.smoke) data = data.slice(0, 600);
  const cut = Math.floor(data.length * 0.8);
  const train = data.slice(0, cut), test = data.slice(cut);
  const y = (d: Labelled[]) => lw.tensor(d.map((s) => [s.class]));
  const epochs = opts.smoke ? 30 : 150;
  const common = { minDf: 2, ngramRange: [1, 2] as [number, number], maxFeatures: opts.smoke ? 400 : 2000 };
  const bow = new lw.text.CountVectorizer(common);
  const bowTrain = bow.fitTransform(train.map((s) => s.text)).toTensor();
  const bowTest = bow.transform(test.map((s) => s.text)).toTensor();
  const tfidf = new lw.text.TfidfVectorizer(common);
  const tfTrain = tfidf.fitTransform(train.map((s) => s.text)).toTensor();
  const tfTest = tfidf.transform(test.map((s) => s.text)).toTensor();
  log(`${train.length} training and ${test.length} test sentences, ${bow.vocabulary.size} uni+bigram features (min df 2, most frequent)`);
  const bowAccuracy = logisticRegression(bowTrain, y(train), bowTest, y(test), epochs, 1);
  log(`bag of words + logistic regression: test accuracy ${(bowAccuracy * 100).toFixed(1)}%`);
  const tfidfAccuracy = logisticRegression(tfTrain, y(train), tfTest, y(test), epochs, 4);
  log(`TF-IDF       + logistic regression: test accuracy ${(tfidfAccuracy * 100).toFixed(1)}%`);
  return { train: train.length, test: test.length, features: bow.vocabulary.size, bowAccuracy, tfidfAccuracy };
}

if (isMain(import.meta.url)) main({ smoke: isSmoke() });
