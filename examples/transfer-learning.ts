/**
 * @file Transfer learning: a CNN pretrained on MNIST digits, saved as a (PyTorch-named) safetensors state dict, reused
 * for Fashion-MNIST with only a few labels: (a) from scratch, (b) frozen pretrained features + a new head,
 * (c) everything fine-tuned with a 10× lower learning rate for the features. Run: `npx tsx examples/transfer-learning.ts [--smoke]`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

/** Conv features (N, 1, 28, 28) → (N, 32, 5, 5) and a classifier head: the names a PyTorch state dict would have. */
export class SmallCnn extends nn.Module {
  features = new nn.Sequential(
    new nn.Conv2d(1, 16, 3), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 16, 13, 13)
    new nn.Conv2d(16, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 32, 5, 5)
  );
  classifier: nn.Sequential = SmallCnn.head();
  static head(): nn.Sequential {
    return new nn.Sequential(new nn.Flatten(), new nn.Linear(32 * 5 * 5, 64), new nn.ReLU(), new nn.Linear(64, 10));
  }
  forward(x: lw.Tensor): lw.Tensor {
    return this.classifier.forward(this.features.forward(x));
  }
}

type Data = lw.data.datasets.ImageClassificationDataset;

function train(model: SmallCnn, optimizer: lw.optim.Optimizer<{ lr: number }>, data: Data, epochs: number): void {
  const loader = new lw.data.DataLoader(data, { batchSize: 32, shuffle: true });
  const lossFn = new nn.CrossEntropyLoss();
  model.train();
  for (let e = 0; e < epochs; e++) {
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      lossFn.forward(model.forward(x), y).backward();
      optimizer.step();
    }
  }
}

function accuracy(model: SmallCnn, data: Data): number {
  model.eval();
  let correct = 0;
  lw.noGrad(() => {
    for (const [x, y] of new lw.data.DataLoader(data, { batchSize: 500 })) correct += model.forward(x).argmax(1).eq(y).sum().item();
  });
  return correct / data.length;
}

export interface TransferOptions {
  pretrainImages?: number;
  pretrainEpochs?: number;
  /** Labelled Fashion-MNIST images for the new task. */
  labelled?: number;
  epochs?: number;
  testImages?: number;
  weightsPath?: string;
  log?: (...a: unknown[]) => void;
}

export function main(opts: TransferOptions = {}) {
  const log = opts.log ?? console.log;
  const weightsPath = opts.weightsPath ?? "mnist-cnn.safetensors";

  // 1. Pretrain on MNIST digits and save the state dict (safetensors, PyTorch's key names: features.0.weight, …).
  lw.manualSeed(0);
  const digits = lw.data.datasets.mnist({ train: true, limit: opts.pretrainImages ?? 10_000 });
  const pretrained = new SmallCnn();
  train(pretrained, new lw.optim.Adam(pretrained.parameters(), { lr: 1e-3 }), digits, opts.pretrainEpochs ?? 2);
  const digitTest = lw.data.datasets.mnist({ train: false, limit: opts.testImages ?? 2_000 });
  log(`pretrained on ${digits.length} MNIST digits: digit test accuracy ${(100 * accuracy(pretrained, digitTest)).toFixed(1)}%`);
  lw.save(pretrained.stateDict(), weightsPath);

  // 2. The new task: Fashion-MNIST with few labels.
  const labelled = lw.data.datasets.fashionMNIST({ train: true, limit: opts.labelled ?? 500 });
  const test = lw.data.datasets.fashionMNIST({ train: false, limit: opts.testImages ?? 2_000 });
  const epochs = opts.epochs ?? 15;
  const results: Record<string, number> = {};

  // (a) From scratch.
  lw.manualSeed(1);
  const scratch = new SmallCnn();
  train(scratch, new lw.optim.Adam(scratch.parameters(), { lr: 1e-3 }), labelled, epochs);
  results.scratch = accuracy(scratch, test);

  // (b) Pretrained features, frozen; a new head is the only thing trained.
  lw.manualSeed(1);
  const frozen = new SmallCnn();
  frozen.loadStateDict(lw.load(weightsPath)); // a PyTorch state dict saved as safetensors loads the same way
  frozen.features.requiresGrad_(false);
  frozen.classifier = SmallCnn.head(); // replace the classifier head (new, trainable)
  const trainable = frozen.parameters().filter((p) => p.requiresGrad);
  train(frozen, new lw.optim.Adam(trainable, { lr: 1e-3 }), labelled, epochs);
  results.frozenFeatures = accuracy(frozen, test);
  log(`frozen: ${frozen.numParameters({ trainable: true }).toLocaleString("en-US")} of ${frozen.numParameters().toLocaleString("en-US")} parameters trained`);

  // (c) Fine-tune everything, the pretrained features with a 10× lower learning rate (parameter groups).
  lw.manualSeed(1);
  const tuned = new SmallCnn();
  tuned.loadStateDict(lw.load(weightsPath));
  tuned.classifier = SmallCnn.head();
  const groups = [{ params: tuned.features.parameters(), lr: 1e-4 }, { params: tuned.classifier.parameters(), lr: 1e-3 }];
  train(tuned, new lw.optim.Adam(groups, { lr: 1e-3 }), labelled, epochs);
  results.fineTuned = accuracy(tuned, test);

  log(`Fashion-MNIST with ${labelled.length} labels, test accuracy on ${test.length} images:`);
  for (const [k, v] of Object.entries(results)) log(`  ${k.padEnd(15)} ${(100 * v).toFixed(1)}%`);
  return { results, weightsPath, frozen };
}

if (isMain(import.meta.url)) {
  if (isSmoke()) main({ pretrainImages: 256, pretrainEpochs: 1, labelled: 128, epochs: 2, testImages: 256, weightsPath: "/tmp/mnist-cnn-smoke.safetensors" });
  else main();
}
