/** @file Options objects: a misspelt key fails naming the function and the nearest key, across the public API; HF's maxLength and scikit-learn's randomState are accepted. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";
import { checkOptions, editDistance, nearestKey, optionKeys } from "../../src/core/options.ts";

const { nn, optim, data, keras } = lw;

test("checkOptions: unknown key → nearest known key (typos, swaps, snake_case), else the list; known keys and undefined pass", () => {
  const keys = optionKeys<{ maxLength?: number; maxNewTokens?: number; topK?: number }>({ maxLength: 1, maxNewTokens: 1, topK: 1 });
  assert.throws(() => checkOptions("generate", { maxLenght: 5 }, keys), { name: "RangeError", message: 'generate: unknown option "maxLenght"; did you mean "maxLength"?' });
  assert.throws(() => checkOptions("generate", { max_new_tokens: 5 }, keys), /did you mean "maxNewTokens"\?/);
  assert.throws(() => checkOptions("generate", { colour: 1 }, keys), /unknown option "colour"; known options: maxLength, maxNewTokens, topK/);
  assert.throws(() => checkOptions("f", 3 as never, keys), /f: options must be an object, got number/);
  checkOptions("generate", { topK: 3, maxLength: undefined }, keys);
  checkOptions("generate", undefined, keys);
  assert.equal(editDistance("ab", "ba"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(nearestKey("lr", ["learningRate", "momentum"]), undefined);
});

/** Public functions and constructors, each called with a misspelt option, and the key the error must suggest. */
const params = (): lw.Tensor[] => [lw.zeros([2], { requiresGrad: true })];
const ds = (): lw.data.TensorDataset => new data.TensorDataset(lw.zeros([4, 2]), lw.zeros([4]));
const CASES: [string, () => unknown, string][] = [
  ["DataLoader", () => new data.DataLoader(ds(), { batchsize: 2 } as never), "batchSize"],
  ["trainTestSplit", () => data.trainTestSplit([lw.zeros([4])], { testsize: 0.5 } as never), "testSize"],
  ["trainTestSplit", () => data.trainTestSplit([lw.zeros([4])], { random_state: 1 } as never), "randomState"],
  ["randomSplit", () => data.randomSplit(ds(), [2, 2], { generater: new lw.Generator(0) } as never), "generator"],
  ["makeMoons", () => data.makeMoons(10, { noize: 0.1 } as never), "noise"],
  ["SGD", () => new optim.SGD(params(), { lr: 0.1, momentun: 0.9 } as never), "momentum"],
  ["Adam", () => new optim.Adam(params(), { beta: [0.9, 0.99] } as never), "betas"],
  ["AdamW", () => new optim.AdamW(params(), { weight_decay: 0.1 } as never), "weightDecay"],
  ["RMSprop", () => new optim.RMSprop(params(), { alpah: 0.9 } as never), "alpha"],
  ["Adagrad", () => new optim.Adagrad(params(), { lrdecay: 0.1 } as never), "lrDecay"],
  ["parameter group", () => new optim.SGD([{ params: params(), lrr: 0.1 } as never]), "lr"],
  ["StepLR", () => new optim.lrScheduler.StepLR(new optim.SGD(params()), 2, { gama: 0.5 } as never), "gamma"],
  ["CosineAnnealingLR", () => new optim.lrScheduler.CosineAnnealingLR(new optim.SGD(params()), 5, { etamin: 0 } as never), "etaMin"],
  ["ReduceLROnPlateau", () => new optim.lrScheduler.ReduceLROnPlateau(new optim.SGD(params()), { patiense: 2 } as never), "patience"],
  ["OneCycleLR", () => new optim.lrScheduler.OneCycleLR(new optim.SGD(params()), 0.1, { totalStep: 10 } as never), "totalSteps"],
  ["Linear", () => new nn.Linear(2, 3, { bais: false } as never), "bias"],
  ["Conv2d", () => new nn.Conv2d(1, 2, 3, { paddng: 1 } as never), "padding"],
  ["LayerNorm", () => new nn.LayerNorm(4, { epsilon: 1e-5 } as never), "eps"],
  ["LSTM", () => new nn.LSTM(2, 3, { batch_first: true } as never), "batchFirst"],
  ["MultiheadAttention", () => new nn.MultiheadAttention(4, 2, { batchfirst: true } as never), "batchFirst"],
  ["TransformerEncoderLayer", () => new nn.TransformerEncoderLayer(4, 2, { dimFeedForward: 8 } as never), "dimFeedforward"],
  ["MaxPool2d", () => new nn.MaxPool2d(2, { strides: 2 } as never), "stride"],
  ["keras Dense", () => new keras.layers.Dense(3, { activaton: "relu" } as never), "activation"],
  ["keras Embedding", () => new keras.Embedding(5, 2, { mask_zero: true } as never), "maskZero"],
  ["keras compile", () => new keras.Sequential([new keras.layers.Dense(1, { inputShape: [2] })]).compile({ optimizer: "adam", loss: "mse", metric: ["mae"] } as never), "metrics"],
  ["keras fit", () => {
    const m = new keras.Sequential([new keras.layers.Dense(1, { inputShape: [2] })]).compile({ optimizer: "adam", loss: "mse" });
    return m.fit(lw.zeros([4, 2]), lw.zeros([4, 1]), { epoch: 3, verbose: 0 } as never);
  }, "epochs"],
  ["keras.optimizers.Adam", () => keras.optimizers.Adam({ learning_rate: 0.01 } as never), "learningRate"],
  ["EarlyStopping", () => new lw.callbacks.EarlyStopping({ patiance: 3 } as never), "patience"],
  ["ModelCheckpoint", () => new lw.callbacks.ModelCheckpoint("x.safetensors", { saveBestOnlyy: true } as never), "saveBestOnly"],
  ["Trainer", () => new lw.train.Trainer(new nn.Linear(2, 1), new optim.SGD(new nn.Linear(2, 1).parameters()), "mse" as never, { gradientAccumulation: 2 } as never), "gradientAccumulationSteps"],
  ["generate", () => new lw.models.GPT2LMHeadModel({ vocabSize: 10, nPositions: 8, nEmbd: 4, nLayer: 1, nHead: 1 }).generate([[1]], { maxLenght: 5 } as never), "maxLength"],
  ["CrossEntropyLoss", () => new nn.CrossEntropyLoss({ label_smoothing: 0.1 } as never), "labelSmoothing"],
  ["MSELoss", () => new nn.MSELoss({ reducion: "sum" } as never), "reduction"],
  ["keras Conv2D", () => new keras.Conv2D(4, 3, { stride: 2 } as never), "strides"],
  ["keras LSTM", () => new keras.LSTM(4, { returnSequence: true } as never), "returnSequences"],
  ["keras MaxPooling2D", () => new keras.MaxPooling2D(2, { stride: 2 } as never), "strides"],
  ["encode", () => lw.text.charLevelTokenizer(["abc"]).encode("ab", { max_length: 4, truncation: true } as never), "maxLength"],
  ["encodeBatch", () => lw.text.charLevelTokenizer(["abc"]).encodeBatch(["ab"], { paddding: true } as never), "padding"],
  ["save", () => lw.save({ a: lw.zeros([1]) }, "never-written.safetensors", { metdata: {} } as never), "metadata"],
  ["plot.history", () => lw.plot.history(new lw.train.History(), "h.svg", { metric: ["loss"] } as never), "metrics"],
  ["plot.confusionMatrix", () => lw.plot.confusionMatrix([[1, 0], [0, 1]], "cm.svg", { classnames: ["a", "b"] } as never), "classNames"],
];

test("table: every public function and constructor rejects a misspelt option, naming itself and the nearest key", () => {
  for (const [what, call, near] of CASES) {
    assert.throws(call, (e: Error) => {
      assert.match(e.message, new RegExp(`unknown option "[^"]+"; did you mean "${near}"\\?`), `${what}: ${e.message}`);
      return true;
    }, `${what} accepted a misspelt option`);
  }
});

test("generate accepts HF's maxLength (prompt + new tokens, the longest prompt counting); maxNewTokens wins when both are given", () => {
  lw.manualSeed(0);
  const gpt = new lw.models.GPT2LMHeadModel({ vocabSize: 20, nPositions: 32, nEmbd: 8, nLayer: 1, nHead: 2, eosTokenId: null } as never);
  const [row] = gpt.generate([[1, 2, 3]], { maxLength: 10 });
  assert.equal(row.length, 10);
  const rows = gpt.generate([[1, 2, 3], [4]], { maxLength: 6 });
  assert.deepEqual(rows.map((r) => r.length), [6, 4]);
  assert.equal(gpt.generate([[1, 2, 3]], { maxLength: 10, maxNewTokens: 2 })[0].length, 5);
  assert.equal(gpt.generate([[1, 2, 3]], { maxLength: 2 })[0].length, 3, "a prompt already at maxLength gets no new tokens");
  assert.throws(() => gpt.generate([[1]], { maxLength: 0 }), /maxLength must be a positive integer/);
});

test("randomState (scikit-learn's random_state) seeds trainTestSplit, randomSplit and make*: the same number gives the same draw", () => {
  const x = lw.arange(20);
  lw.manualSeed(1);
  const a = data.trainTestSplit([x], { testSize: 0.25, randomState: 42 })[1].tolist();
  lw.manualSeed(2);
  const b = data.trainTestSplit([x], { testSize: 0.25, randomState: 42 })[1].tolist();
  assert.deepEqual(a, b);
  assert.notDeepEqual(data.trainTestSplit([x], { testSize: 0.25, randomState: 7 })[1].tolist(), a);
  assert.deepEqual(data.trainTestSplit([x], { testSize: 0.25, randomState: 42 })[1].tolist(), data.trainTestSplit([x], { testSize: 0.25, generator: new lw.Generator(42) })[1].tolist());
  assert.throws(() => data.trainTestSplit([x], { randomState: 1, generator: new lw.Generator(1) }), /give generator or randomState, not both/);
  const ds20 = new data.TensorDataset(x);
  lw.manualSeed(3);
  const s1 = [...data.randomSplit(ds20, [10, 10], { randomState: 5 })[0].indices];
  lw.manualSeed(4);
  assert.deepEqual([...data.randomSplit(ds20, [10, 10], { randomState: 5 })[0].indices], s1);
  lw.manualSeed(5);
  const m1 = data.makeMoons(30, { noise: 0.1, randomState: 0 })[0].tolist();
  lw.manualSeed(6);
  assert.deepEqual(data.makeMoons(30, { noise: 0.1, randomState: 0 })[0].tolist(), m1);
});
