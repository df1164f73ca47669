/**
 * @file PyTorch's quickstart, line for line, on the real Fashion-MNIST: an MLP 784-512-512-10 trained
 * with SGD (lr 1e-3, batch 64) for 5 epochs, test accuracy per epoch, then save, load and predict. Run: `npm start`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export class NeuralNetwork extends nn.Module {
  flatten = new nn.Flatten();
  linearReluStack = new nn.Sequential( // state-dict keys: linear_relu_stack.0.weight, …
    new nn.Linear(28 * 28, 512),
    new nn.ReLU(),
    new nn.Linear(512, 512),
    new nn.ReLU(),
    new nn.Linear(512, 10),
  );
  forward(x: lw.Tensor): lw.Tensor {
    x = this.flatten.forward(x); // (N, 1, 28, 28) → (N, 784)
    return this.linearReluStack.forward(x); // (N, 10) logits
  }
}

type Loader = lw.data.DataLoader<[lw.Tensor, lw.Tensor]>;
type Log = (...a: unknown[]) => void;

function train(dataloader: Loader, model: NeuralNetwork, lossFn: nn.CrossEntropyLoss, optimizer: lw.optim.Optimizer<object>, log: Log): void {
  const size = dataloader.dataset.length;
  model.train();
  let batch = 0;
  for (const [X, y] of dataloader) {
    const pred = model.forward(X);
    const loss = lossFn.forward(pred, y);
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
    if (batch % 100 === 0) {
      const current = (batch + 1) * X.shape[0];
      log(`loss: ${loss.item().toFixed(6).padStart(9)}  [${String(current).padStart(5)}/${String(size).padStart(5)}]`);
    }
    batch++;
  }
}

function test(dataloader: Loader, model: NeuralNetwork, lossFn: nn.CrossEntropyLoss, log: Log): { accuracy: number; avgLoss: number } {
  const size = dataloader.dataset.length, numBatches = dataloader.length;
  model.eval();
  let testLoss = 0, correct = 0;
  lw.noGrad(() => {
    for (const [X, y] of dataloader) {
      const pred = model.forward(X);
      testLoss += lossFn.forward(pred, y).item();
      correct += pred.argmax(1).eq(y).float().sum().item();
    }
  });
  testLoss /= numBatches;
  correct /= size;
  log(`Test Error: \n Accuracy: ${(100 * correct).toFixed(1)}%, Avg loss: ${testLoss.toFixed(6)} \n`);
  return { accuracy: 100 * correct, avgLoss: testLoss };
}

export interface QuickstartOptions {
  epochs?: number;
  /** Use only the first n training / test images (smoke runs). */
  trainLimit?: number;
  testLimit?: number;
  seed?: number;
  modelPath?: string;
  /** Start from these weights (e.g. PyTorch's, written by tools/pytorch_quickstart.py --save-init). */
  initPath?: string;
  log?: Log;
}
export interface EpochResult { epoch: number; accuracy: number; avgLoss: number; seconds: number }

export function main(opts: QuickstartOptions = {}): { epochs: EpochResult[]; predicted: string; actual: string } {
  const log = opts.log ?? console.log;
  lw.manualSeed(opts.seed ?? 0);
  const trainingData = lw.data.datasets.fashionMNIST({ train: true, limit: opts.trainLimit });
  const testData = lw.data.datasets.fashionMNIST({ train: false, limit: opts.testLimit });

  const batchSize = 64;
  const trainDataloader = new lw.data.DataLoader(trainingData, { batchSize });
  const testDataloader = new lw.data.DataLoader(testData, { batchSize });
  for (const [X, y] of testDataloader) {
    log(`Shape of X [N, C, H, W]: [${X.shape.join(", ")}]`);
    log(`Shape of y: [${y.shape.join(", ")}] ${y.dtype}`);
    break;
  }

  const model = new NeuralNetwork();
  if (opts.initPath) model.loadStateDict(lw.load(opts.initPath));
  log(model.summary());

  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new lw.optim.SGD(model.parameters(), { lr: 1e-3 });

  const epochs: EpochResult[] = [];
  const n = opts.epochs ?? 5;
  for (let t = 0; t < n; t++) {
    log(`Epoch ${t + 1}\n-------------------------------`);
    const start = performance.now();
    train(trainDataloader, model, lossFn, optimizer, log);
    const seconds = (performance.now() - start) / 1000;
    epochs.push({ epoch: t + 1, ...test(testDataloader, model, lossFn, log), seconds });
    log(`(epoch ${t + 1} trained in ${seconds.toFixed(1)} s on the ${lw.currentBackend().name} backend)\n`);
  }
  log("Done!");

  const path = opts.modelPath ?? "model.safetensors";
  lw.save(model.stateDict(), path);
  log(`Saved PyTorch Model State to ${path}`);

  const loaded = new NeuralNetwork();
  loaded.loadStateDict(lw.load(path));
  loaded.eval();
  const [x, y] = testData.getItem(0);
  const pred = lw.noGrad(() => loaded.forward(x.unsqueeze(0)));
  const predicted = testData.classes[pred.index(0).argmax().item()], actual = testData.classes[y.item()];
  log(`Predicted: "${predicted}", Actual: "${actual}"`);
  return { epochs, predicted, actual };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf("--init"), initPath = at > 0 ? process.argv[at + 1] : undefined;
  const epochsAt = process.argv.indexOf("--epochs"), epochs = epochsAt > 0 ? Number(process.argv[epochsAt + 1]) : undefined;
  if (isSmoke()) main({ epochs: 1, trainLimit: 640, testLimit: 320, initPath });
  else main({ initPath, epochs });
}
