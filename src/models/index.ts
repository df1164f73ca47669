/** @file `lw.models`: one self-contained file per architecture. */
export { CharLSTM, CharVocab, type CharLSTMConfig, type LSTMState } from "./char-lstm.ts";
export { Seq2SeqGRU, type Seq2SeqConfig, type Encoded, type Translation } from "./seq2seq-gru.ts";
export { DCGANGenerator, DCGANDiscriminator, DCGAN_DEFAULTS, type DcganConfig } from "./dcgan.ts";
