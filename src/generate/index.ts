/** @file `lw.generate`: next-token sampling (temperature, top-k, top-p), greedy, sampled and beam-search decoding. */
export { sample, sampleBatch, greedy, samplingProbs, argmaxOf, type SamplingOptions } from "./sampling.ts";
export { sampleSequence, greedyDecode, beamSearch, type StepFn, type DecodeOptions, type BeamSearchOptions, type Hypothesis } from "./search.ts";
