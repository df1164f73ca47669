/**
 * @file A categorized, part-of-speech tagged corpus in NLTK's plain format (`word/tag` tokens, a sentence per
 * line, paragraphs between blank lines, `cats.txt` naming each file's categories), read as NLTK's
 * CategorizedTaggedCorpusReader reads it: words, sentences, paragraphs, tagged or not, by file or category.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A word and its tag, as NLTK's tuples (the tag upper-cased; null for a token without the separator). */
export type TaggedWord = [word: string, tag: string | null];
/** Which files to read: NLTK's `fileids=` and `categories=` (one or several; both left out: all files). */
export interface CorpusSelection {
  fileids?: string | readonly string[];
  categories?: string | readonly string[];
}

const asList = (x: string | readonly string[]): readonly string[] => (typeof x === "string" ? [x] : x);

export class CategorizedTaggedCorpus {
  private readonly ids: string[];
  private readonly catsOf = new Map<string, string[]>();
  private readonly parsed = new Map<string, ParsedFile>();
  private readonly tagCache = new Map<string, string>();

  /**
   * @param root the corpus folder
   * @param name used in error messages
   * @param filePattern which files of `root` are documents (NLTK's fileids regex)
   */
  constructor(readonly root: string, readonly name: string, filePattern: RegExp, catFile = "cats.txt") {
    if (!existsSync(root)) throw new Error(`${name}: the corpus folder ${root} does not exist`);
    this.ids = readdirSync(root).filter((f) => filePattern.test(f)).sort();
    if (this.ids.length === 0) throw new Error(`${name}: no corpus files matching ${filePattern} in ${root}`);
    const cats = join(root, catFile);
    if (!existsSync(cats)) throw new Error(`${name}: ${cats} (the file → categories list) is missing`);
    readFileSync(cats, "utf8").split("\n").forEach((line, i) => {
      const [id, ...c] = line.trim().split(/\s+/);
      if (!id) return;
      if (c.length === 0) throw new Error(`${name}: ${cats} line ${i + 1} names file ${id} without a category`);
      this.catsOf.set(id, c);
    });
  }

  /** The file ids, of the given categories or all. */
  fileids(categories?: string | readonly string[]): string[] {
    if (categories === undefined) return [...this.ids];
    const want = asList(categories);
    const known = new Set(this.categories());
    for (const c of want) if (!known.has(c)) throw new Error(`${this.name}.fileids: unknown category ${JSON.stringify(c)}; categories are ${[...known].join(", ")}`);
    return this.ids.filter((f) => (this.catsOf.get(f) ?? []).some((c) => want.includes(c)));
  }

  /** The categories, of the given files or all (sorted). */
  categories(fileids?: string | readonly string[]): string[] {
    const files = fileids === undefined ? this.ids : this.checkIds(asList(fileids), "categories");
    return [...new Set(files.flatMap((f) => this.catsOf.get(f) ?? []))].sort();
  }

  words(sel: CorpusSelection = {}): string[] {
    const out: string[] = [];
    for (const f of this.select(sel)) for (const w of this.file(f).words) out.push(w);
    return out;
  }
  sents(sel: CorpusSelection = {}): string[][] { return this.grouped(sel, plain).flat(); }
  paras(sel: CorpusSelection = {}): string[][][] { return this.grouped(sel, plain); }
  taggedWords(sel: CorpusSelection = {}): TaggedWord[] {
    const out: TaggedWord[] = [];
    for (const f of this.select(sel)) { const d = this.file(f); for (let i = 0; i < d.words.length; i++) out.push([d.words[i], d.tags[i]]); }
    return out;
  }
  taggedSents(sel: CorpusSelection = {}): TaggedWord[][] { return this.grouped(sel, tagged).flat(); }
  taggedParas(sel: CorpusSelection = {}): TaggedWord[][][] { return this.grouped(sel, tagged); }

  /** Paragraphs of sentences of the selected files, each sentence made by `make`. */
  private grouped<T>(sel: CorpusSelection, make: (d: ParsedFile, start: number, end: number) => T): T[][] {
    const out: T[][] = [];
    for (const f of this.select(sel)) {
      const d = this.file(f);
      let j = 0, para: T[] = [];
      for (let k = 0; k < d.sentEnds.length; k++) {
        para.push(make(d, k === 0 ? 0 : d.sentEnds[k - 1], d.sentEnds[k]));
        if (d.paraEnds[j] === k + 1) { out.push(para); para = []; j++; }
      }
    }
    return out;
  }

  private select(sel: CorpusSelection): readonly string[] {
    if (sel.fileids !== undefined && sel.categories !== undefined) throw new Error(`${this.name}: give fileids or categories, not both`);
    if (sel.fileids !== undefined) return this.checkIds(asList(sel.fileids), "read");
    return sel.categories !== undefined ? this.fileids(sel.categories) : this.ids;
  }

  private checkIds(ids: readonly string[], where: string): readonly string[] {
    for (const f of ids) if (!this.catsOf.has(f) || !this.ids.includes(f)) throw new Error(`${this.name}.${where}: unknown file id ${JSON.stringify(f)} (file ids are ${this.ids[0]} … ${this.ids[this.ids.length - 1]})`);
    return ids;
  }

  /** One file's words and tags with where its sentences and paragraphs end, parsed once. */
  private file(id: string): ParsedFile {
    let d = this.parsed.get(id);
    if (!d) {
      d = { words: [], tags: [], sentEnds: [], paraEnds: [] };
      let inPara = false;
      for (const line of readFileSync(join(this.root, id), "utf8").split("\n")) {
        const tokens = line.split(/\s+/);
        let n = 0;
        for (const t of tokens) if (t.length > 0) { const [w, tag] = splitTagged(t, this.tagCache); d.words.push(w); d.tags.push(tag); n++; }
        if (n > 0) { d.sentEnds.push(d.words.length); inPara = true; } else if (inPara) { d.paraEnds.push(d.sentEnds.length); inPara = false; }
      }
      if (inPara) d.paraEnds.push(d.sentEnds.length);
      this.parsed.set(id, d);
    }
    return d;
  }
}

/** A file as flat arrays: word i has tag i; sentence k ends before word sentEnds[k], paragraph j before sentence paraEnds[j]. */
interface ParsedFile { words: string[]; tags: Array<string | null>; sentEnds: number[]; paraEnds: number[] }
const plain = (d: ParsedFile, a: number, b: number): string[] => d.words.slice(a, b);
const tagged = (d: ParsedFile, a: number, b: number): TaggedWord[] => {
  const s: TaggedWord[] = [];
  for (let i = a; i < b; i++) s.push([d.words[i], d.tags[i]]);
  return s;
};

/** "word/tag" → [word, TAG], split at the last slash (NLTK's str2tuple). */
function splitTagged(token: string, upper: Map<string, string>): TaggedWord {
  const i = token.lastIndexOf("/");
  if (i < 0) return [token, null];
  const raw = token.slice(i + 1);
  let tag = upper.get(raw);
  if (tag === undefined) { tag = raw.toUpperCase(); upper.set(raw, tag); }
  return [token.slice(0, i), tag];
}
