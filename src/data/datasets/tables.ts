/**
 * @file The classic small tables (Iris, Wine, Breast cancer) from the CSV files that Debian's
 * `python3-sklearn` ships: a count line, then rows of features and an integer class.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Tensor } from "../../core/tensor.ts";
import { fromTypedArray } from "../../ops/creation.ts";
import { parseCsv } from "../csv.ts";

export interface Bunch {
  /** Features (N, F), float32. */
  data: Tensor;
  /** Class of each row (N,), int32. */
  target: Tensor;
  featureNames: string[];
  targetNames: string[];
  path: string;
}

const SKLEARN_DATA = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

/** Reads `file` from the first of `dirs` that has it (by default: root, $LERNWERK_DATA, Debian's sklearn folder). */
export function loadSklearnCsv(name: string, file: string, featureNames: string[], root?: string, searched: (string | undefined)[] = [root, process.env.LERNWERK_DATA, SKLEARN_DATA]): Bunch {
  const dirs = searched.filter((d): d is string => !!d);
  const path = dirs.map((d) => join(d, file)).find(existsSync);
  if (!path) throw new Error(`${name}: ${file} was not found. Looked in: ${dirs.join(", ")}. Install it with \`apt-get install python3-sklearn\` (Debian), or set LERNWERK_DATA to a folder holding it.`);
  const text = readFileSync(path, "utf8");
  const firstLineEnd = text.indexOf("\n");
  const head = text.slice(0, firstLineEnd).trim().split(","); // count, features, class names…
  const [nRows, nFeatures] = [Number(head[0]), Number(head[1])];
  const targetNames = head.slice(2);
  const body = parseCsv(text.slice(firstLineEnd + 1), { header: false });
  if (body.numRows !== nRows || body.columns.length !== nFeatures + 1) {
    throw new Error(`${name}: ${path} announces ${nRows} rows of ${nFeatures} features, it has ${body.numRows} rows of ${body.columns.length - 1}`);
  }
  const labels = body.numbers(String(nFeatures));
  return {
    data: body.toTensor(body.columns.slice(0, nFeatures)),
    target: fromTypedArray(Int32Array.from(labels)),
    featureNames, targetNames, path,
  };
}

/** Fisher's Iris: 150 flowers, 4 measurements (cm), 3 species. */
export const loadIris = (opts: { root?: string } = {}): Bunch =>
  loadSklearnCsv("loadIris", "iris.csv", ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"], opts.root);

/** Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars. */
export const loadWine = (opts: { root?: string } = {}): Bunch =>
  loadSklearnCsv("loadWine", "wine_data.csv", ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
    "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"], opts.root);

const CELL = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension"];
/** Breast cancer Wisconsin (diagnostic): 569 tumours, 30 features, malignant or benign. */
export const loadBreastCancer = (opts: { root?: string } = {}): Bunch =>
  loadSklearnCsv("loadBreastCancer", "breast_cancer.csv", [...CELL.map((c) => `mean ${c}`), ...CELL.map((c) => `${c} error`), ...CELL.map((c) => `worst ${c}`)], opts.root);
