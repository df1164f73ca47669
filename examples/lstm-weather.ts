/**
 * @file Time-series regression with an LSTM: tomorrow's maximum temperature in Seattle from the last
 * 30 days of weather (npm `vega-datasets`, 2012–2015), against the naive "same as today" forecast.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const nn = lw.nn;
const FEATURES = ["temp_max", "temp_min", "precipitation", "wind"];

/** seattle-weather.csv: one row a day, 2012-01-01 … 2015-12-31. */
export function loadSeattleWeather(): lw.data.Table {
  const entry = createRequire(import.meta.url).resolve("vega-datasets"); // …/vega-datasets/build/index.js
  return lw.data.readCsv(join(dirname(entry), "..", "data", "seattle-weather.csv"));
}

/** LSTM over the window → Linear on its last hidden state: the next (standardised) temp_max. */
export class WeatherLSTM extends nn.Module {
  lstm: lw.nn.LSTM;
  head: lw.nn.Linear;
  constructor(features: number, hiddenSize: number) {
    super();
    this.lstm = new nn.LSTM(features, hiddenSize, { batchFirst: true });
    this.head = new nn.Linear(hiddenSize, 1);
  }
  forward(x: lw.Tensor): lw.Tensor {
    const [, [h]] = this.lstm.forward(x); // h (1, B, H)
    return this.head.forward(h.index(0)).squeeze(1); // (B)
  }
}

export interface WeatherOptions { epochs?: number; window?: number; hiddenSize?: number; batchSize?: number; lr?: number; trainLimit?: number; log?: (...a: unknown[]) => void }
export interface WeatherResult { lstmMae: number; naiveMae: number; lstmRmse: number; naiveRmse: number; testDays: number; seconds: number }

export function main(opts: WeatherOptions = {}): WeatherResult {
  const log = opts.log ?? console.log, t0 = performance.now();
  const gen = lw.manualSeed(0);
  const table = loadSeattleWeather();
  const dates = table.strings("date");
  const raw = table.toTensor(FEATURES, { dtype: "float32" }); // (N, 4)
  const testStart = dates.indexOf("2015-01-01"); // train on 2012–2014, test on 2015
  const mean = raw.narrow(0, 0, testStart).mean(0), std = raw.narrow(0, 0, testStart).std(0);
  const z = raw.sub(mean).div(std); // standardised with the training years' statistics
  const W = opts.window ?? 30;
  const window = (end: number) => z.narrow(0, end - W, W); // the W days before day `end`
  const targets = z.select(1, 0); // standardised temp_max
  const trainDays = Array.from({ length: testStart - W }, (_, i) => i + W).slice(-(opts.trainLimit ?? Infinity));
  const testDays = Array.from({ length: table.numRows - testStart }, (_, i) => i + testStart);
  const batch = (days: number[]) => ({ x: lw.stack(days.map(window), 0), y: lw.stack(days.map((d) => targets.index(d)), 0) });
  log(`Seattle weather: ${table.numRows} days; ${trainDays.length} training windows of ${W} days (2012–2014), ${testDays.length} test days (2015)`);

  const model = new WeatherLSTM(FEATURES.length, opts.hiddenSize ?? 32);
  const opt = new lw.optim.Adam(model.parameters(), { lr: opts.lr ?? 5e-3 });
  const lossFn = new nn.MSELoss();
  const bs = opts.batchSize ?? 32;
  for (let epoch = 1; epoch <= (opts.epochs ?? 15); epoch++) {
    const perm = [...gen.permutation(trainDays.length)];
    let sum = 0;
    for (let at = 0; at < perm.length; at += bs) {
      const { x, y } = batch(perm.slice(at, at + bs).map((i) => trainDays[i]));
      const loss = lossFn.forward(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      sum += loss.item() * y.shape[0];
    }
    if (epoch % 5 === 0 || epoch === 1) log(`epoch ${epoch}: training MSE (standardised) ${(sum / perm.length).toFixed(4)}`);
  }
  // Back to °C: prediction · std + mean of temp_max.
  const [m0, s0] = [mean.index(0).item(), std.index(0).item()];
  const truth = testDays.map((d) => raw.index(d, 0).item());
  const naive = testDays.map((d) => raw.index(d - 1, 0).item());
  const pred = lw.noGrad(() => [...model.eval().forward(batch(testDays).x).toTypedArray()].map((v) => v * s0 + m0));
  const r: WeatherResult = {
    lstmMae: lw.metrics.mae(truth, pred), naiveMae: lw.metrics.mae(truth, naive),
    lstmRmse: lw.metrics.rmse(truth, pred), naiveRmse: lw.metrics.rmse(truth, naive),
    testDays: testDays.length, seconds: (performance.now() - t0) / 1000,
  };
  log(`2015, next-day temp_max: LSTM MAE ${r.lstmMae.toFixed(2)} °C, RMSE ${r.lstmRmse.toFixed(2)} °C; naive (same as today) MAE ${r.naiveMae.toFixed(2)} °C, RMSE ${r.naiveRmse.toFixed(2)} °C (${r.seconds.toFixed(1)} s)`);
  return r;
}

if (isMain(import.meta.url)) main(isSmoke() ? { epochs: 1, trainLimit: 64 } : {});
