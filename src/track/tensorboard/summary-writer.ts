/**
 * @file SummaryWriter: PyTorch's torch.utils.tensorboard.SummaryWriter in camelCase, writing real tfevents files that
 * TensorBoard reads: scalars, scalar groups, histograms, images, text, hparams and projector embeddings.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { Tensor } from "../../core/tensor.ts";
import { DT, type SummaryValueData } from "./event-proto.ts";
import { EventFileWriter } from "./event-file.ts";
import { projectorConfigText, writeEmbedding, type EmbeddingInfo, type EmbeddingOptions } from "./embedding.ts";
import { HPARAMS_PLUGIN, HPARAMS_TAGS, encodeHParamsPluginData, hparamsParts, type HParamValue } from "./hparams-proto.ts";
import { makeHistogram, type HistogramBins } from "./histogram.ts";
import { imageSummary, imagesSummary, type ImageDataformats, type ImagesDataformats } from "./image.ts";
import { atomicWrite } from "../../io/atomic.ts";

export interface SummaryWriterOptions {
  /** appended to the default log dir's name (ignored when logDir is given) */
  comment?: string;
  /** events of this step and later, from an earlier crashed run in the same folder, are hidden by TensorBoard */
  purgeStep?: number;
  /** pending events that force a flush (default 10) */
  maxQueue?: number;
  /** seconds between background flushes (default 120) */
  flushSecs?: number;
  /** appended to every event file name */
  filenameSuffix?: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** PyTorch's default: runs/<Mon><DD>_<HH>-<MM>-<SS>_<hostname><comment>, local time. */
export function defaultLogDir(comment = "", now = new Date()): string {
  const stamp = `${MONTHS[now.getMonth()]}${two(now.getDate())}_${two(now.getHours())}-${two(now.getMinutes())}-${two(now.getSeconds())}`;
  return join("runs", `${stamp}_${hostname()}${comment}`);
}

type Scalar = number | Tensor;

function scalarOf(v: Scalar, fn: string, what: string): number {
  if (typeof v === "number") return v;
  if (v instanceof Tensor) {
    if (v.numel !== 1) throw new RangeError(`${fn}: ${what} must hold one element, got a tensor of shape [${v.shape.join(", ")}]`);
    return v.item();
  }
  throw new TypeError(`${fn}: ${what} must be a number or a one-element Tensor, got ${typeof v}`);
}

function stepOf(step: number | undefined, fn: string): number {
  if (step === undefined) return 0;
  if (!Number.isSafeInteger(step)) throw new RangeError(`${fn}: globalStep must be an integer, got ${step}`);
  return step;
}

function wallTimeOf(walltime: number | undefined, fn: string): number {
  if (walltime === undefined) return Date.now() / 1000;
  if (!Number.isFinite(walltime)) throw new RangeError(`${fn}: walltime must be finite seconds since the epoch, got ${walltime}`);
  return walltime;
}

function checkTag(tag: string, fn: string): void {
  if (typeof tag !== "string" || tag === "") throw new TypeError(`${fn}: tag must be a non-empty string, got ${JSON.stringify(tag)}`);
}

/**
 * Writes TensorBoard event files into `logDir`.
 * @example
 * const writer = new lw.track.SummaryWriter("runs/exp1");
 * for (let step = 0; step < 100; step++) writer.addScalar("Loss/train", loss, step);
 * writer.close();
 */
export class SummaryWriter {
  readonly logDir: string;
  readonly #fileOpts: { maxQueue?: number; flushSecs?: number; filenameSuffix?: string };
  #purgeStep: number | undefined;
  #file: EventFileWriter | null = null;
  /** addScalars' writers, one per sub-folder */
  readonly #subWriters = new Map<string, EventFileWriter>();
  readonly #embeddings: EmbeddingInfo[] = [];

  constructor(logDir?: string, opts: SummaryWriterOptions = {}) {
    if (logDir !== undefined && typeof logDir !== "string") throw new TypeError(`SummaryWriter: logDir must be a string, got ${typeof logDir}`);
    this.logDir = logDir || defaultLogDir(opts.comment ?? "");
    this.#fileOpts = { maxQueue: opts.maxQueue, flushSecs: opts.flushSecs, filenameSuffix: opts.filenameSuffix };
    if (opts.purgeStep !== undefined) stepOf(opts.purgeStep, "SummaryWriter (purgeStep)");
    this.#purgeStep = opts.purgeStep;
    this.#fileWriter();
  }

  /** The folder the event files go to (PyTorch's get_logdir). */
  getLogdir(): string {
    return this.logDir;
  }

  /** The path of the main event file (the last one, after close()). */
  get eventFile(): string {
    return (this.#file ?? this.#fileWriter()).path;
  }

  /** The main file writer, reopened (a new file) after close() as PyTorch does. */
  #fileWriter(): EventFileWriter {
    if (this.#file && !this.#file.closed) return this.#file;
    this.#file = new EventFileWriter(this.logDir, { ...this.#fileOpts, sourceWriter: "lernwerk" });
    if (this.#purgeStep !== undefined) {
      const step = this.#purgeStep, wallTime = Date.now() / 1000;
      this.#file.add({ wallTime, step, fileVersion: "brain.Event:2" });
      this.#file.add({ wallTime, step, sessionLog: { status: "START", checkpointPath: "", msg: "" } });
      this.#purgeStep = undefined;
    }
    return this.#file;
  }

  #addSummary(value: SummaryValueData, step: number, wallTime: number, file = this.#fileWriter()): void {
    file.add({ wallTime, step, summary: [value] });
  }

  /** One scalar (stored as float32 simple_value, as PyTorch does). */
  addScalar(tag: string, value: Scalar, globalStep?: number, walltime?: number): void {
    checkTag(tag, "addScalar");
    this.#addSummary({ tag, simpleValue: scalarOf(value, "addScalar", `the value of "${tag}"`) }, stepOf(globalStep, "addScalar"), wallTimeOf(walltime, "addScalar"));
  }

  /** Several scalars in one chart: each key goes to its own run folder <logDir>/<mainTag with / as _>_<key>, under tag mainTag. */
  addScalars(mainTag: string, tagScalarDict: Record<string, Scalar>, globalStep?: number, walltime?: number): void {
    checkTag(mainTag, "addScalars");
    const step = stepOf(globalStep, "addScalars"), wallTime = wallTimeOf(walltime, "addScalars");
    for (const [key, v] of Object.entries(tagScalarDict)) {
      const dir = `${this.logDir}/${mainTag.replace(/\//g, "_")}_${key}`;
      let fw = this.#subWriters.get(dir);
      if (!fw || fw.closed) this.#subWriters.set(dir, (fw = new EventFileWriter(dir, { ...this.#fileOpts, sourceWriter: "lernwerk" })));
      this.#addSummary({ tag: mainTag, simpleValue: scalarOf(v, "addScalars", `the value of "${key}"`) }, step, wallTime, fw);
    }
  }

  /** A histogram of `values` (any shape); bins "tensorflow" (default), a bin count or explicit edges. */
  addHistogram(tag: string, values: Tensor | ArrayLike<number>, globalStep?: number, opts: { bins?: HistogramBins; maxBins?: number; walltime?: number } = {}): void {
    checkTag(tag, "addHistogram");
    const flat = values instanceof Tensor ? values.toTypedArray() : values;
    if (flat === null || typeof flat !== "object" || typeof flat.length !== "number") throw new TypeError(`addHistogram: values must be a Tensor or an array of numbers`);
    const histo = makeHistogram(flat, opts.bins ?? "tensorflow", opts.maxBins);
    this.#addSummary({ tag, histo }, stepOf(globalStep, "addHistogram"), wallTimeOf(opts.walltime, "addHistogram"));
  }

  /** One image, (C, H, W) by default; floats in [0, 1] (scaled by 255), int32 in [0, 255]; written as PNG. */
  addImage(tag: string, imgTensor: Tensor, globalStep?: number, opts: { dataformats?: ImageDataformats; walltime?: number } = {}): void {
    checkTag(tag, "addImage");
    this.#addSummary({ tag, image: imageSummary(imgTensor, opts.dataformats ?? "CHW") }, stepOf(globalStep, "addImage"), wallTimeOf(opts.walltime, "addImage"));
  }

  /** A batch of images, (N, C, H, W) by default, as one grid picture (8 per row). */
  addImages(tag: string, imgTensor: Tensor, globalStep?: number, opts: { dataformats?: ImagesDataformats; walltime?: number } = {}): void {
    checkTag(tag, "addImages");
    this.#addSummary({ tag, image: imagesSummary(imgTensor, opts.dataformats ?? "NCHW") }, stepOf(globalStep, "addImages"), wallTimeOf(opts.walltime, "addImages"));
  }

  /** Text (markdown) for the text plugin, under tag "<tag>/text_summary" as PyTorch writes it. */
  addText(tag: string, text: string, globalStep?: number, walltime?: number): void {
    checkTag(tag, "addText");
    if (typeof text !== "string") throw new TypeError(`addText: text must be a string, got ${typeof text}`);
    this.#addSummary({
      tag: `${tag}/text_summary`,
      tensor: { dtype: DT.string, shape: [1], strings: [new TextEncoder().encode(text)] },
      metadata: { pluginData: { pluginName: "text", content: new Uint8Array(0) } },
    }, stepOf(globalStep, "addText"), wallTimeOf(walltime, "addText"));
  }

  /**
   * Hyperparameters and their final metrics for the hparams plugin, in a sub-run <logDir>/<runName> (default: the
   * current unix time): the experiment, session start and session end summaries, then each metric as a scalar.
   */
  addHparams(hparamDict: Record<string, HParamValue | null | undefined>, metricDict: Record<string, Scalar>, opts: { runName?: string } = {}): void {
    if (hparamDict === null || typeof hparamDict !== "object" || Array.isArray(hparamDict)) throw new TypeError(`addHparams: hparamDict must be an object of hyperparameter values`);
    if (metricDict === null || typeof metricDict !== "object" || Array.isArray(metricDict)) throw new TypeError(`addHparams: metricDict must be an object of metric values`);
    const hparams: Record<string, HParamValue> = {};
    for (const [k, v] of Object.entries(hparamDict)) {
      if (v === null || v === undefined) continue;
      if (typeof v !== "number" && typeof v !== "string" && typeof v !== "boolean") throw new TypeError(`addHparams: hyperparameter "${k}" must be a number, string or boolean, got ${typeof v}`);
      hparams[k] = v;
    }
    const metrics = Object.entries(metricDict).map(([k, v]) => [k, scalarOf(v, "addHparams", `metric "${k}"`)] as const);
    const runName = opts.runName || String(Date.now() / 1000);
    const sub = new SummaryWriter(join(this.logDir, runName), this.#fileOpts);
    try {
      const wallTime = Date.now() / 1000, tags = [HPARAMS_TAGS.experiment, HPARAMS_TAGS.sessionStartInfo, HPARAMS_TAGS.sessionEndInfo];
      hparamsParts(hparams, metrics.map(([k]) => k)).forEach((part, i) => {
        sub.#addSummary({ tag: tags[i], metadata: { pluginData: { pluginName: HPARAMS_PLUGIN, content: encodeHParamsPluginData(part) } } }, 0, wallTime);
      });
      for (const [k, v] of metrics) sub.addScalar(k, v);
    } finally {
      sub.close();
    }
  }

  /** Points for the projector: <step>/<tag>/tensors.tsv (+ metadata.tsv, sprite.png) and projector_config.pbtxt. */
  addEmbedding(mat: Tensor, opts: EmbeddingOptions = {}): void {
    this.#embeddings.push(writeEmbedding(this.logDir, mat, opts));
    atomicWrite(join(this.logDir, "projector_config.pbtxt"), projectorConfigText(this.#embeddings));
  }

  /** Writes pending events to disk. */
  flush(): void {
    this.#file?.flush();
    for (const w of this.#subWriters.values()) w.flush();
  }

  /** Flushes and closes every event file of this writer; a later add opens a new file. */
  close(): void {
    this.#file?.close();
    for (const w of this.#subWriters.values()) w.close();
    this.#subWriters.clear();
  }
}
