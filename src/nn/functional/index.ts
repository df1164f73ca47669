/** @file nn.functional: the stateless forms of the layers, activations and losses (`F.crossEntropy(logits, y)`). */
export { linear, dropout, batchNorm, layerNorm, embedding, oneHot, type BatchNormOptions } from "./layers.ts";
export {
  mseLoss, l1Loss, huberLoss, bceLoss, bceWithLogitsLoss, nllLoss, crossEntropy, klDiv,
  type Reduction, type ReductionOptions, type WeightOptions, type ClassLossOptions,
} from "./losses.ts";
export { relu, sigmoid, tanh, gelu, leakyRelu, elu, selu, softplus } from "../../ops/elementwise.ts";
export { softmax, logSoftmax } from "../../ops/nn-functional.ts";
export { lstmCell } from "./rnn.ts";
export * from "./spatial.ts";
export { scaledDotProductAttention, scaledDotProductAttentionWithWeights, causalMask, type ScaledDotProductAttentionOptions } from "./attention.ts";
export { preNormBlockStep, preNormStackStep, gptDecoder, gptDecoderStep, setFastPathEnabled, isFastPathEnabled, type PreNormBlockWeights, type PreNormBlockOptions, type PreNormStackOptions, type GptDecoderWeights, type GptDecoder } from "./fused-block.ts";
