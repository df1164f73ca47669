/**
 * @file Stop-word lists for English and German: the Snowball lists (as NLTK ships them), built in;
 * or the longer stopwords-iso lists from npm. `removeStopWords` filters tokens case-insensitively.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageDir } from "./pretrained.ts";
import type { Language } from "./sentences.ts";

const EN = "i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom this that that'll these those am is are was were be been being have has had having do does did doing a an the and but if or because as until while of at by for with about against between into through during before after above below to from up down in out on off over under again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too very s t can will just don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't";
const DE = "aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das dass daß derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns unsere unserem unseren unser unseres unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen";

const BUILT_IN: Record<Language, readonly string[]> = { en: EN.split(" "), de: DE.split(" ") };

/**
 * The stop words of a language. `source: "snowball"` (default) is the built-in Snowball/NLTK list
 * (English 179, German 232 words); `"iso"` reads the longer list of the npm package stopwords-iso.
 */
export function stopWords(language: Language = "en", opts: { source?: "snowball" | "iso" } = {}): Set<string> {
  if (!(language in BUILT_IN)) throw new Error(`stopWords: language must be "en" or "de", got ${JSON.stringify(language)}`);
  if ((opts.source ?? "snowball") === "snowball") return new Set(BUILT_IN[language]);
  const dir = packageDir("stopwords-iso", "stopWords(…, { source: \"iso\" })");
  const all = JSON.parse(readFileSync(join(dir, "stopwords-iso.json"), "utf8")) as Record<string, string[]>;
  return new Set(all[language]);
}

/** Tokens that are not stop words (compared in lower case). */
export function removeStopWords(tokens: readonly string[], stop: ReadonlySet<string> | Language = "en"): string[] {
  const set = typeof stop === "string" ? stopWords(stop) : stop;
  return tokens.filter((t) => !set.has(t.toLowerCase()));
}
