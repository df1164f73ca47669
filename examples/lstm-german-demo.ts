/**
 * @file The course's tiny LSTM demo: a handful of labelled German sentences, Keras tokenizer and
 * padSequences, Embedding → LSTM → Dense(sigmoid), then predictions for new sentences.
 */
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const nn = lw.nn;

/** Twelve short reviews: 1 positive, 0 negative. */
export const SENTENCES: [string, number][] = [
  ["Das Essen war sehr gut", 1],
  ["Der Film war wirklich gut", 1],
  ["Das Buch ist toll", 1],
  ["Der Service war gut und schnell", 1],
  ["Ich finde den Film toll", 1],
  ["Das Hotel war sauber und schön", 1],
  ["Das Essen war kalt und schlecht", 0],
  ["Der Film war langweilig", 0],
  ["Das Buch ist schlecht", 0],
  ["Der Service war schlecht und langsam", 0],
  ["Ich finde das Buch langweilig", 0],
  ["Das Hotel war schmutzig", 0],
];

/** Embedding(·, 8) → LSTM(8, 16) → Linear(16, 1) → sigmoid, fed pre-padded ids as Keras does. */
export function main(opts: { epochs?: number; log?: (...a: unknown[]) => void } = {}): { trainAccuracy: number; predictions: [string, number][] } {
  const log = opts.log ?? console.log;
  lw.manualSeed(0);
  const tok = new lw.text.KerasTokenizer({ oovToken: "<OOV>" });
  tok.fitOnTexts(SENTENCES.map(([s]) => s));
  const maxlen = 7;
  const encode = (texts: string[]): lw.Tensor => lw.text.padSequences(tok.textsToSequences(texts), { maxlen });
  log("word index:", Object.fromEntries([...tok.wordIndex].slice(0, 8)), "…");
  const x = encode(SENTENCES.map(([s]) => s));
  log("padded sequences (pre-padded to 7):\n" + (x.tolist() as number[][]).map((r) => `  [${r.join(", ")}]`).join("\n"));
  const y = lw.tensor(SENTENCES.map(([, l]) => l));
  const embedding = new nn.Embedding(tok.wordIndex.size + 1, 8);
  const lstm = new nn.LSTM(8, 16, { batchFirst: true });
  const dense = new nn.Linear(16, 1);
  const predict = (ids: lw.Tensor): lw.Tensor => {
    const [, [h]] = lstm.forward(embedding.forward(ids));
    return dense.forward(h.index(0)).squeeze(1).sigmoid(); // (B)
  };
  const params = [...embedding.parameters(), ...lstm.parameters(), ...dense.parameters()];
  const opt = new lw.optim.Adam(params, { lr: 0.01 });
  const lossFn = new nn.BCELoss();
  for (let epoch = 1; epoch <= (opts.epochs ?? 40); epoch++) {
    const loss = lossFn.forward(predict(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    if (epoch % 20 === 0) log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}`);
  }
  const trainAccuracy = lw.noGrad(() => predict(x).gt(0.5).eq(y.gt(0.5)).float().mean().item());
  const fresh = ["Das Hotel war gut", "Der Film ist schlecht und langweilig"];
  const probs = lw.noGrad(() => [...predict(encode(fresh)).toTypedArray()]);
  const predictions = fresh.map((s, i): [string, number] => [s, probs[i]]);
  for (const [s, p] of predictions) log(`"${s}" → ${p.toFixed(3)} (${p > 0.5 ? "positiv" : "negativ"})`);
  log(`training accuracy ${(100 * trainAccuracy).toFixed(0)}%`);
  return { trainAccuracy, predictions };
}

if (isMain(import.meta.url)) main(isSmoke() ? { epochs: 5 } : {});
