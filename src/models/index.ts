/** @file `lw.models`: one self-contained file per architecture. */
export { CharLSTM, CharVocab, type CharLSTMConfig, type LSTMState } from "./char-lstm.ts";
