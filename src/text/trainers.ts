/**
 * @file Training whole tokenizers from texts: byte-level BPE (GPT-2 style), character BPE and
 * WordPiece (BERT style), each returned as a ready `Tokenizer` with its special tokens.
 */
import { bytesToSymbols } from "./byte-level.ts";
import { BpeDecoder, ByteLevelDecoder, WordPieceDecoder } from "./decoders.ts";
import { Bpe } from "./models/bpe.ts";
import { WordPiece } from "./models/wordpiece.ts";
import { NormalizedString } from "./normalized-string.ts";
import { BertNormalizer, type Normalizer } from "./normalizers.ts";
import { bertTemplate, ByteLevelProcessor, type PostProcessor } from "./post-processors.ts";
import { BertPreTokenizer, ByteLevelPreTokenizer, WhitespacePreTokenizer, type PreTokenizer } from "./pre-tokenizers.ts";
import { Tokenizer } from "./tokenizer.ts";
import { BYTE_ALPHABET, trainBpe, type BpeTrainerOptions } from "./train-bpe.ts";
import { utf8Encode } from "./utf8.ts";

export interface TrainTokenizerOptions extends BpeTrainerOptions {
  /** Normalizer applied before counting words (default: none for BPE, BERT's for WordPiece). */
  normalizer?: Normalizer | null;
  /** Pre-tokenizer that cuts texts into words (default per tokenizer kind). */
  preTokenizer?: PreTokenizer | null;
}

/** How often each pre-tokenized word occurs in `texts`. */
export function countWords(texts: Iterable<string>, normalizer: Normalizer | null, preTokenizer: PreTokenizer | null, map: (w: string) => string = (w) => w): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    if (typeof text !== "string") throw new Error(`train: texts must be strings, got ${typeof text}`);
    const norm = normalizer ? normalizer.normalize(NormalizedString.from(text)).text : text;
    const words = preTokenizer ? preTokenizer.split(norm).map((p) => p.word) : [norm];
    for (const w of words) if (w.length > 0) { const k = map(w); counts.set(k, (counts.get(k) ?? 0) + 1); }
  }
  return counts;
}

const specials = (tokens: readonly string[], vocab: Map<string, number>) =>
  tokens.map((t) => ({ id: vocab.get(t) as number, content: t, special: true }));

/** A GPT-2 style byte-level BPE trained on `texts` (alphabet: the 256 byte symbols). */
export function trainByteLevelBpe(texts: Iterable<string>, opts: TrainTokenizerOptions = {}): Tokenizer {
  const pre = opts.preTokenizer ?? new ByteLevelPreTokenizer(false);
  const counts = countWords(texts, opts.normalizer ?? null, pre, (w) => bytesToSymbols(utf8Encode(w)));
  const { vocab, merges } = trainBpe(counts, { ...opts, initialAlphabet: BYTE_ALPHABET });
  return new Tokenizer(new Bpe(vocab, merges, { byteLevel: true }), {
    normalizer: opts.normalizer ?? null, preTokenizer: pre, postProcessor: new ByteLevelProcessor(false), decoder: new ByteLevelDecoder(),
    addedTokens: specials(opts.specialTokens ?? [], vocab),
  });
}

/** A character-level BPE trained on `texts`; characters never seen become `unkToken` if it is given. */
export function trainBpeTokenizer(texts: Iterable<string>, opts: TrainTokenizerOptions & { unkToken?: string } = {}): Tokenizer {
  const pre = opts.preTokenizer ?? new WhitespacePreTokenizer();
  const specialTokens = [...(opts.specialTokens ?? [])];
  if (opts.unkToken !== undefined && !specialTokens.includes(opts.unkToken)) specialTokens.unshift(opts.unkToken);
  const counts = countWords(texts, opts.normalizer ?? null, pre);
  const { vocab, merges } = trainBpe(counts, { ...opts, specialTokens });
  const model = new Bpe(vocab, merges, { unkToken: opts.unkToken ?? null, continuingSubwordPrefix: opts.continuingSubwordPrefix, endOfWordSuffix: opts.endOfWordSuffix });
  return new Tokenizer(model, {
    normalizer: opts.normalizer ?? null, preTokenizer: pre, decoder: opts.endOfWordSuffix ? new BpeDecoder(opts.endOfWordSuffix) : null,
    addedTokens: specials(specialTokens, vocab),
  });
}

/**
 * A WordPiece tokenizer trained as Hugging Face does (BPE merges with the "##" prefix, the result
 * used as a WordPiece vocabulary), with BERT's normalizer, pre-tokenizer and `[CLS] A [SEP]` template.
 */
export function trainWordPiece(texts: Iterable<string>, opts: TrainTokenizerOptions & { unkToken?: string; lowercase?: boolean } = {}): Tokenizer {
  const specialTokens = [...(opts.specialTokens ?? ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])];
  const unk = opts.unkToken ?? "[UNK]";
  if (!specialTokens.includes(unk)) specialTokens.push(unk);
  const normalizer = opts.normalizer === undefined ? new BertNormalizer({ lowercase: opts.lowercase ?? true }) : opts.normalizer;
  const pre = opts.preTokenizer ?? new BertPreTokenizer();
  const counts = countWords(texts, normalizer, pre);
  const { vocab } = trainBpe(counts, { ...opts, specialTokens, continuingSubwordPrefix: opts.continuingSubwordPrefix ?? "##" });
  const model = new WordPiece(vocab, { unkToken: unk, continuingSubwordPrefix: opts.continuingSubwordPrefix ?? "##" });
  let post: PostProcessor | null = null;
  if (vocab.has("[CLS]") && vocab.has("[SEP]")) post = bertTemplate(["[CLS]", vocab.get("[CLS]") as number], ["[SEP]", vocab.get("[SEP]") as number]);
  return new Tokenizer(model, {
    normalizer, preTokenizer: pre, postProcessor: post, decoder: new WordPieceDecoder(opts.continuingSubwordPrefix ?? "##"),
    addedTokens: specials(specialTokens, vocab),
  });
}
