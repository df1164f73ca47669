/** @file `lw.models`: one self-contained file per architecture. */
export { CharLSTM, CharVocab, type CharLSTMConfig, type LSTMState } from "./char-lstm.ts";
export { Seq2SeqGRU, type Seq2SeqConfig, type Encoded, type Translation } from "./seq2seq-gru.ts";
export { Seq2SeqTransformer, type Seq2SeqTransformerConfig, type TransformerTranslation } from "./seq2seq-transformer.ts";
export { DCGANGenerator, DCGANDiscriminator, DCGAN_DEFAULTS, type DcganConfig } from "./dcgan.ts";
export {
  GPT2LMHeadModel, GPT2Model, CausalSelfAttention, Block as GPT2Block, MLP as GPT2MLP, Conv1D, GPT2_DEFAULTS, gpt2ConfigFromHF, gpt2TokenizerFromPretrained,
  type GPT2Config, type GPT2ForwardOptions, type GPT2ModelOutput, type GPT2LMOptions, type GPT2LMOutput, type GenerateOptions, type KVCache, type PastKeyValues,
} from "./gpt.ts";
export {
  BertModel, BertForMaskedLM, BertForNextSentencePrediction, BertForPreTraining, BertForSequenceClassification, BertForTokenClassification,
  BERT_DEFAULTS, bertConfig, readBertConfig, savePretrained as saveBertPretrained,
  type BertConfig, type BertInput, type BertModelOutput, type BertTaskOutput, type BertPreTrainingOutput, type BertForwardOptions, type Labels, type AnyBert,
} from "./bert.ts";
