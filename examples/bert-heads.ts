/**
 * @file Example 5: next-sentence prediction and sequence classification with the BERT heads, called the way a
 * course demo calls them: `model.forward(encoding, { labels })` returns `{ loss, logits }`.
 */
import { join } from "node:path";
import * as lw from "../src/index.ts";
import { BertForNextSentencePrediction, BertForSequenceClassification } from "../src/models/bert.ts";
import { isMain, isSmoke } from "./run.ts";

/** A Hugging Face folder: the tiny random BERT of tools/gen_bert_fixtures.py (no real BERT weights exist offline). */
export const TINY = join(import.meta.dirname, "..", "test", "models", "bert-tiny");

export interface HeadsResult { nspLoss: number; nspProbs: number[]; clsLosses: number[]; predictions: string[] }

export function main(opts: { dir?: string; steps?: number; log?: (...a: unknown[]) => void } = {}): HeadsResult {
  const dir = opts.dir ?? TINY, log = opts.log ?? console.log, steps = opts.steps ?? (isSmoke() ? 5 : 30);
  lw.manualSeed(0);
  const tokenizer = lw.AutoTokenizer.fromPretrained(dir);

  // Next-sentence prediction: label 0 = "B follows A", 1 = "B is a random sentence".
  const nsp = BertForNextSentencePrediction.fromPretrained(dir);
  const encoding = tokenizer.encode("the cat sat on the mat.", { pair: "it was happy." });
  const { loss, logits } = nsp.forward(encoding, { labels: [0] });
  const nspProbs = Array.from(logits.softmax(-1).toTypedArray());
  log(`NSP: loss ${loss!.item().toFixed(4)}, P(is next) = ${nspProbs[0].toFixed(3)} (random tiny weights: the API, not the answer)`);

  // Sequence classification: the pre-trained body under a new two-class head, a few AdamW steps on a padded batch.
  const model = BertForSequenceClassification.fromPretrained(dir, { id2label: { 0: "negative", 1: "positive" } });
  const texts = ["she was happy.", "the big red ball is fun!", "the dog ran home.", "he sat on the mat."];
  const labels = [1, 1, 0, 0];
  const batch = tokenizer.encodeBatch(texts, { padding: true });
  const opt = new lw.optim.AdamW(model.parameters(), { lr: 1e-2 });
  const clsLosses: number[] = [];
  model.train();
  for (let s = 0; s < steps; s++) {
    const out = model.forward(batch, { labels });
    opt.zeroGrad();
    out.loss!.backward();
    opt.step();
    clsLosses.push(out.loss!.item());
  }
  model.eval();
  log(`Sequence classification: loss ${clsLosses[0].toFixed(4)} → ${clsLosses[steps - 1].toFixed(4)} after ${steps} steps`);
  const classify = lw.pipeline("text-classification", { model, tokenizer });
  const predictions = classify(texts).map((r) => r[0].label);
  texts.forEach((t, i) => log(`  ${JSON.stringify(t)} → ${predictions[i]}`));
  return { nspLoss: loss!.item(), nspProbs, clsLosses, predictions };
}

if (isMain(import.meta.url)) main();
