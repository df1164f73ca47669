/**
 * @file A DCGAN on MNIST: the generator (ConvTranspose2d) turns noise into digits, the discriminator (Conv2d) tells
 * them from real ones; alternating Adam updates with BCE as in PyTorch's DCGAN tutorial. After each epoch a grid of
 * 64 samples from fixed noise is saved. Run: `npx tsx examples/dcgan-mnist.ts [--epochs 5] [--out dcgan-out] [--smoke]`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export interface GanOptions {
  epochs?: number;
  /** Images per epoch (a subset of the 60,000, so that an epoch takes minutes on a CPU). */
  imagesPerEpoch?: number;
  batchSize?: number;
  outDir?: string;
  seed?: number;
  log?: (...a: unknown[]) => void;
}

export interface EpochStats { epoch: number; lossD: number; lossG: number; dReal: number; dFake: number; seconds: number; grid: string }

export function main(opts: GanOptions = {}): EpochStats[] {
  const log = opts.log ?? console.log;
  lw.manualSeed(opts.seed ?? 0);
  const outDir = opts.outDir ?? "dcgan-out";
  mkdirSync(outDir, { recursive: true });
  const mnist = lw.data.datasets.mnist({ train: true });
  const images = lw.vision.normalize(mnist.data, [0.5], [0.5]); // [0, 1] → [-1, 1], the range of the generator's tanh
  const batchSize = opts.batchSize ?? 64, perEpoch = opts.imagesPerEpoch ?? 12_800;

  const G = new lw.models.DCGANGenerator(), D = new lw.models.DCGANDiscriminator();
  const optG = new lw.optim.Adam(G.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const optD = new lw.optim.Adam(D.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const bce = new lw.nn.BCEWithLogitsLoss();
  const fixedNoise = lw.randn(64, G.config.latentDim);
  log(`generator ${G.numParameters().toLocaleString("en-US")} parameters, discriminator ${D.numParameters().toLocaleString("en-US")}; backend ${lw.currentBackend().name}`);

  const stats: EpochStats[] = [];
  for (let epoch = 1; epoch <= (opts.epochs ?? 5); epoch++) {
    const start = performance.now();
    const order = lw.randperm(images.shape[0]).index(`:${perEpoch}`);
    let sumD = 0, sumG = 0, sumReal = 0, sumFake = 0, steps = 0;
    for (let at = 0; at + batchSize <= perEpoch; at += batchSize) {
      const real = images.indexSelect(0, order.index(`${at}:${at + batchSize}`)); // (N, 1, 28, 28)
      const ones = lw.ones(batchSize), zeros = lw.zeros(batchSize);
      // (1) Discriminator: maximise log D(x) + log(1 − D(G(z))).
      const fake = G.forward(lw.randn(batchSize, G.config.latentDim));
      const outReal = D.forward(real), outFake = D.forward(fake.detach());
      const lossD = bce.forward(outReal, ones).add(bce.forward(outFake, zeros));
      optD.zeroGrad();
      lossD.backward();
      optD.step();
      // (2) Generator: maximise log D(G(z)) (the non-saturating loss), through the updated discriminator.
      const lossG = bce.forward(D.forward(fake), ones);
      optG.zeroGrad();
      lossG.backward();
      optG.step();
      sumD += lossD.item();
      sumG += lossG.item();
      sumReal += outReal.sigmoid().mean().item();
      sumFake += outFake.sigmoid().mean().item();
      steps++;
    }
    G.eval();
    const samples = lw.noGrad(() => G.forward(fixedNoise));
    G.train();
    const grid = join(outDir, `epoch-${String(epoch).padStart(2, "0")}.png`);
    lw.vision.saveImageGrid(samples, grid, { nrow: 8, normalize: true, valueRange: [-1, 1] });
    const s = { epoch, lossD: sumD / steps, lossG: sumG / steps, dReal: sumReal / steps, dFake: sumFake / steps, seconds: (performance.now() - start) / 1000, grid };
    stats.push(s);
    log(`epoch ${epoch}: loss D ${s.lossD.toFixed(3)}, loss G ${s.lossG.toFixed(3)}, D(real) ${s.dReal.toFixed(2)}, D(fake) ${s.dFake.toFixed(2)}, ${s.seconds.toFixed(0)} s, samples in ${grid}`);
  }
  lw.save(G.stateDict(), join(outDir, "generator.safetensors"));
  return stats;
}

if (isMain(import.meta.url)) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const epochs = arg("--epochs"), outDir = arg("--out");
  if (isSmoke()) main({ epochs: 1, imagesPerEpoch: 256, batchSize: 32, outDir: outDir ?? "/tmp/dcgan-smoke" });
  else main({ epochs: epochs ? Number(epochs) : undefined, outDir });
}
