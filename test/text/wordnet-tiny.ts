/** @file A tiny WordNet database (index.noun/verb/adj/adv, data.*, noun.exc) written to a temp dir, for tests that need no real WordNet. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Synsets as [lemmas, gloss, hypernym index or -1]; offsets are computed so each line starts at its byte offset. */
const NOUNS: Array<[string[], string, number]> = [
  [["animal", "beast"], "a living organism", -1],
  [["dog", "domestic_dog", "Canis_familiaris"], "a domesticated canid; \"the dog barked\"", 0],
  [["cat", "true_cat"], "a feline mammal", 0],
  [["goose"], "a web-footed bird", 0],
];

function dataFile(synsets: Array<[string[], string, number]>, pos: string): { text: string; offsets: number[] } {
  const line = (offs: number[], i: number): string => {
    const [lemmas, gloss, hyper] = synsets[i];
    const words = lemmas.map((l) => `${l} 0`).join(" ");
    const ptrs = hyper < 0 ? "000" : `001 @ ${String(offs[hyper]).padStart(8, "0")} ${pos} 0000`;
    return `${String(offs[i]).padStart(8, "0")} 03 ${pos} ${lemmas.length.toString(16).padStart(2, "0")} ${words} ${ptrs} | ${gloss}  \n`;
  };
  const header = "  1 This is a tiny test database.\n";
  const offsets: number[] = [];
  let at = header.length;
  for (let i = 0; i < synsets.length; i++) { offsets.push(at); at += Buffer.byteLength(line(new Array(synsets.length).fill(0), i)); }
  return { text: header + synsets.map((_, i) => line(offsets, i)).join(""), offsets };
}

/** Writes the tiny database; `corrupt` replaces a file's text after it is built. */
export function writeTinyWordNet(corrupt: Record<string, (text: string) => string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "lw-wordnet-"));
  const { text, offsets } = dataFile(NOUNS, "n");
  const lemmas = new Map<string, number[]>();
  NOUNS.forEach(([ls], i) => ls.forEach((l) => lemmas.set(l.toLowerCase(), [...(lemmas.get(l.toLowerCase()) ?? []), offsets[i]])));
  const index = [...lemmas].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([l, offs]) => `${l} n ${offs.length} 1 @ ${offs.length} 0 ${offs.map((o) => String(o).padStart(8, "0")).join(" ")}  \n`).join("");
  const files: Record<string, string> = {
    "index.noun": "  1 license line\n" + index, "data.noun": text, "noun.exc": "geese goose\n",
    "verb.exc": "", "adj.exc": "", "adv.exc": "",
  };
  // the other POS hold one lemma each that the tests never look up (a real index is never empty)
  for (const [p, c] of [["verb", "v"], ["adj", "a"], ["adv", "r"]]) { files[`index.${p}`] = `zzzz ${c} 1 0 1 0 00000012  \n`; files[`data.${p}`] = "  1 license\n"; }
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), (corrupt[name] ?? ((t: string) => t))(body));
  return dir;
}
