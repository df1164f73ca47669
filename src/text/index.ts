/**
 * @file `lw.text`: text cleaning, pre-tokenizers, tokenizers (BPE, byte-level BPE, WordPiece,
 * word and character level), vocabularies, padding and masks, and classic text representations.
 */
export { Tokenizer, type AddedToken, type AllowedSpecial, type EncodeOptions, type CallOptions, type DecodeOptions, type TokenizerParts, type TextInput } from "./tokenizer.ts";
export { BatchEncoding, type ReturnTensors } from "./batch-encoding.ts";
export { type Encoding, type TruncationOptions, type TruncationStrategy, type PaddingOptions } from "./encoding.ts";
export { Bpe, byteSpans, type BpeOptions, type Merge } from "./models/bpe.ts";
export { WordPiece, type WordPieceOptions } from "./models/wordpiece.ts";
export { WordLevel } from "./models/word-level.ts";
export { type TokenModel } from "./models/model.ts";
export {
  Lowercase, UnicodeNormalizer, StripAccents, Strip, Replace, BertNormalizer, NormalizerSequence,
  type Normalizer, type UnicodeForm, type BertNormalizerOptions,
} from "./normalizers.ts";
export { NormalizedString } from "./normalized-string.ts";
export {
  ByteLevelPreTokenizer, BertPreTokenizer, WhitespaceSplit, WhitespacePreTokenizer, RegexSplit, CharSplit, PreTokenizerSequence,
  type PreTokenizer, type Piece, type SplitBehavior,
} from "./pre-tokenizers.ts";
export { TemplateProcessing, ByteLevelProcessor, bertTemplate, parseTemplate, type PostProcessor, type TemplatePiece } from "./post-processors.ts";
export { ByteLevelDecoder, WordPieceDecoder, BpeDecoder, FuseDecoder, SpaceDecoder, cleanUpTokenization, type Decoder } from "./decoders.ts";
export { gpt2Split, gpt2Pieces, GPT2_SPLIT_REGEX } from "./gpt2-split.ts";
export { BYTE_TO_CHAR, bytesToSymbols, symbolsToBytes } from "./byte-level.ts";
export { utf8Encode, utf8Decode, type LoneSurrogates } from "./utf8.ts";
export {
  gpt2Tokenizer, loadGpt2Tokenizer, bertTokenizer, loadBertBaseUncased, bertVocabFromSentencePieceStyle, parseMergesFile, readVocabJson,
  type BertTokenizerOptions,
} from "./pretrained.ts";
export { tokenizerFromJSON, tokenizerToJSON, saveTokenizer, loadTokenizer } from "./hf-json.ts";
export { trainBpe, BYTE_ALPHABET, type BpeTrainerOptions, type TrainedBpe } from "./train-bpe.ts";
export { trainByteLevelBpe, trainBpeTokenizer, trainWordPiece, countWords, type TrainTokenizerOptions } from "./trainers.ts";
export { cleanText, stripHtml, decodeHtmlEntities, stripAccents, collapseWhitespace, removeChars, type CleanOptions, type CharRule } from "./clean.ts";
export { splitSentences, sentenceSpans, type Language } from "./sentences.ts";
export { wordTokenize, wordTokenizeWithOffsets, WordPreTokenizer, type WordToken } from "./word-tokenize.ts";
export { stopWords, removeStopWords } from "./stopwords.ts";
export { ngrams, everygrams, charNgrams } from "./ngrams.ts";
export { stem, stemmer, porterStem, snowballEnglishStem, snowballGermanStem, type StemmerName } from "./stemmers/index.ts";
export { PorterStemmer, type PorterMode, type PorterStemmerOptions } from "./stemmers/porter.ts";
export { KerasTokenizer, padSequences, textToWordSequence, type KerasTokenizerOptions, type PadSequencesOptions } from "./keras.ts";
export { wordLevelTokenizer, charLevelTokenizer, type VocabularyOptions } from "./simple-tokenizers.ts";
export { CountVectorizer, TfidfVectorizer, defaultTokenize, type CountVectorizerOptions, type TfidfOptions } from "./vectorizers.ts";
export { SparseMatrix } from "./sparse.ts";
export { cosineSimilarity, cosineSimilarityMatrix } from "./similarity.ts";
export { trainWord2Vec, type Word2VecOptions } from "./word2vec.ts";
export { KeyedVectors } from "./keyed-vectors.ts";
export { parseGloveText, loadGlove, loadWinkEmbeddings, winkEmbeddingsPath } from "./glove.ts";
export { embeddingMatrix, type EmbeddingMatrix, type EmbeddingMatrixOptions, type Vocabulary } from "./embedding-matrix.ts";
export { wordCloudLayout, wordCloudSvg, wordCloudPng, type WordCloudOptions, type PlacedWord } from "./word-cloud.ts";
export { WordNet, wordnet, defaultWordNetDir, type Synset, type WordNetOptions, type WordNetPos, type WordNetPointer } from "./wordnet.ts";
export { synonymReplacement, type SynonymReplacementOptions } from "./augment.ts";
export * as corpora from "./corpora/index.ts";
export { averageWordVectors, coverage as wordCoverage, type AverageWordVectorsOptions } from "./sentence-vectors.ts";
