/** @file The nn namespace: `lw.nn.Module`, layers, containers, losses, `nn.init` and `nn.functional`. */
export { Module, stateName, type AnyModule, type StateDict, type LoadStateDictOptions, type LoadStateDictResult } from "./module.ts";
export { Parameter } from "./parameter.ts";
export { Sequential, ModuleList, ModuleDict, type TensorModule } from "./containers.ts";
export { Linear, Identity, Flatten, type LinearOptions } from "./layers/linear.ts";
export { ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, GELU, LeakyReLU, ELU, SELU, Softplus } from "./layers/activation.ts";
export { Dropout } from "./layers/dropout.ts";
export { BatchNorm1d, LayerNorm, type BatchNormOptions, type LayerNormOptions } from "./layers/normalization.ts";
export { Embedding } from "./layers/embedding.ts";
export { StaticKVCache } from "./kv-cache.ts";
export { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, type ConvLayerOptions, type ConvTransposeLayerOptions } from "./layers/conv.ts";
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d } from "./layers/pooling.ts";
export { BatchNorm2d } from "./layers/batchnorm2d.ts";
export { Dropout2d, Upsample, type UpsampleOptions } from "./layers/spatial.ts";
export { Loss, MSELoss, L1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss, KLDivLoss } from "./loss.ts";
export * as init from "./init.ts";
export * as functional from "./functional/index.ts";
export { RNN, LSTM, GRU, RNNBase, type RNNOptions } from "./layers/rnn.ts";
export { RNNCell, LSTMCell, GRUCell, type RNNCellOptions } from "./layers/rnn-cells.ts";
export { PackedSequence, packPaddedSequence, padPackedSequence, padSequence, packSequence } from "./layers/rnn-packed.ts";
export { BahdanauAttention, LuongAttention, type LuongScore, type AttentionOptions, type AttentionResult } from "./layers/attention-seq.ts";
export { MultiheadAttention, type MultiheadAttentionOptions, type MultiheadAttentionForwardOptions } from "./layers/attention.ts";
export {
  TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, Transformer,
  type TransformerLayerOptions, type TransformerOptions, type TransformerForwardOptions, type TransformerActivation,
  type EncoderLayerForwardOptions, type DecoderLayerForwardOptions,
} from "./layers/transformer.ts";
export { PositionalEncoding, LearnedPositionalEncoding, sinusoidalPositionalEncoding } from "./layers/positional.ts";
