/**
 * @file The Keras-style API `lw.keras`: Sequential, the functional Input/Model, layers, compile/fit/
 * evaluate/predict/summary, loadModel, and the callbacks (same as lw.callbacks).
 */
/** The base of Sequential and functional models (compile, fit, evaluate, predict, summary, weights, save). */
export { Model as BaseModel, type CompileOptions, type FitOptions, type ArrayInput } from "./model.ts";
export { Sequential } from "./sequential.ts";
/** `new lw.keras.Model({ inputs, outputs })`: a functional model, as keras.Model(inputs=…, outputs=…). */
export { Functional as Model, Functional } from "./functional.ts";
export { Input, Layer, InputLayer, KerasTensor, type LayerOptions, type LayerShape } from "./layer.ts";
export * as layers from "./layers.ts";
export { Dense, Dropout, Flatten, Activation, Add, Concatenate, type DenseOptions } from "./layers.ts";
export { Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, type Conv2DOptions, type Pooling2DOptions } from "./conv.ts";
export { Embedding, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, type EmbeddingOptions, type RecurrentOptions } from "./recurrent.ts";
export { ACTIVATION_NAMES } from "./activations.ts";
export { LOSS_NAMES, type LossFn } from "./losses.ts";
export { OPTIMIZER_NAMES, KerasOptimizer, type OptimizerSpec } from "./optimizers.ts";
/** `lw.keras.optimizers.Adam({ learningRate: 1e-3 })`, SGD, RMSprop, AdamW, Adagrad with Keras's names and defaults. */
export * as optimizers from "./optimizers.ts";
export { MultiHeadAttention, LayerNormalization, type MultiHeadAttentionOptions, type MultiHeadAttentionCallOptions, type LayerNormalizationOptions } from "./attention.ts";
export { loadModel } from "./load.ts";
export * as callbacks from "../callbacks/index.ts";
