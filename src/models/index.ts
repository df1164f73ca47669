/** @file `lw.models`: one self-contained file per architecture. */
export { CharLSTM, CharVocab, type CharLSTMConfig, type LSTMState } from "./char-lstm.ts";
export { Seq2SeqGRU, type Seq2SeqConfig, type Encoded, type Translation } from "./seq2seq-gru.ts";
export { DCGANGenerator, DCGANDiscriminator, DCGAN_DEFAULTS, type DcganConfig } from "./dcgan.ts";
export {
  BertModel, BertForMaskedLM, BertForNextSentencePrediction, BertForPreTraining, BertForSequenceClassification, BertForTokenClassification,
  BERT_DEFAULTS, bertConfig, readBertConfig, savePretrained as saveBertPretrained,
  type BertConfig, type BertInput, type BertModelOutput, type BertTaskOutput, type BertPreTrainingOutput, type BertForwardOptions, type Labels, type AnyBert,
} from "./bert.ts";
