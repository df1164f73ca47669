/**
 * @file Decoders (Hugging Face `decoders`): turn tokens back into text — byte-level (GPT-2),
 * WordPiece (`##` joins, BERT's clean-up of spaces before punctuation), BPE suffix, fuse.
 */
import { symbolsToBytes } from "./byte-level.ts";
import { utf8Decode } from "./utf8.ts";

export interface Decoder {
  decode(tokens: readonly string[]): string;
  toJSON(): Record<string, unknown>;
}

/** Joins the tokens' bytes and decodes them as UTF-8 (invalid bytes become U+FFFD). */
export class ByteLevelDecoder implements Decoder {
  decode(tokens: readonly string[]): string { return utf8Decode(symbolsToBytes(tokens.join(""))); }
  toJSON() { return { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true }; }
}

/** Removes the spaces that tokenization put before punctuation and contractions (BERT's `clean_up_tokenization`). */
export function cleanUpTokenization(s: string): string {
  return s.replace(/ \./g, ".").replace(/ \?/g, "?").replace(/ !/g, "!").replace(/ ,/g, ",").replace(/ ' /g, "'")
    .replace(/ n't/g, "n't").replace(/ 'm/g, "'m").replace(/ 's/g, "'s").replace(/ 've/g, "'ve").replace(/ 're/g, "'re");
}

/** WordPiece: a token with the prefix continues the word before it, others start a new word. */
export class WordPieceDecoder implements Decoder {
  constructor(readonly prefix = "##", readonly cleanup = true) {}
  decode(tokens: readonly string[]): string {
    let out = "";
    tokens.forEach((t, i) => {
      if (t.startsWith(this.prefix)) out += t.slice(this.prefix.length);
      else out += (i > 0 ? " " : "") + t;
    });
    return this.cleanup ? cleanUpTokenization(out) : out;
  }
  toJSON() { return { type: "WordPiece", prefix: this.prefix, cleanup: this.cleanup }; }
}

/** Character-level BPE with an end-of-word suffix: the suffix becomes a space. */
export class BpeDecoder implements Decoder {
  constructor(readonly suffix = "</w>") {}
  decode(tokens: readonly string[]): string {
    return tokens.map((t, i) => t.split(this.suffix).join(i === tokens.length - 1 ? "" : " ")).join("");
  }
  toJSON() { return { type: "BPEDecoder", suffix: this.suffix }; }
}

/** Joins tokens with nothing in between (character-level vocabularies). */
export class FuseDecoder implements Decoder {
  decode(tokens: readonly string[]): string { return tokens.join(""); }
  toJSON() { return { type: "Fuse" }; }
}

/** Joins tokens with a single space (word-level vocabularies; also the default with no decoder). */
export class SpaceDecoder implements Decoder {
  decode(tokens: readonly string[]): string { return tokens.join(" "); }
  toJSON(): Record<string, unknown> { return { type: "lernwerk.Space" }; }
}
