#!/usr/bin/python3
"""Golden fixtures for lw.text's CountVectorizer/TfidfVectorizer from scikit-learn (Debian python3-sklearn).

Run with Debian's Python: /usr/bin/python3 tools/gen_text_fixtures.py
Writes test/text/fixtures/sklearn-vectorizers.json (version 1).
"""
import json
import os

import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

DOCS = [
    "Call me Ishmael. Some years ago, never mind how long precisely, having little money in my purse.",
    "The whale, the WHALE! The white whale swam under the ship; the crew cheered.",
    "Ahab's ship sailed from Nantucket. Whale oil was precious, and the whale hunt was long.",
    "Die Würde des Menschen ist unantastbar. Größere Städte liegen an Flüssen; die Straße führt über die Brücke.",
    "It is a truth universally acknowledged, that a single man in possession of a good fortune must be in want of a wife.",
    "snake_case and CamelCase words, numbers 42 and 3.14, e-mail addresses like a.b@c.de",
    "the the the ship ship whale",
    "I",
]

CASES = [
    ("count-default", CountVectorizer, {}),
    ("count-bigrams-mindf2", CountVectorizer, {"ngram_range": [1, 2], "min_df": 2}),
    ("count-maxdf-half", CountVectorizer, {"max_df": 0.5}),
    ("count-binary-nolower", CountVectorizer, {"binary": True, "lowercase": False}),
    ("count-stopwords", CountVectorizer, {"stop_words": ["the", "and", "a", "of", "in"]}),
    ("tfidf-default", TfidfVectorizer, {}),
    ("tfidf-bigrams-sublinear", TfidfVectorizer, {"ngram_range": [1, 2], "sublinear_tf": True}),
    ("tfidf-l1-nosmooth", TfidfVectorizer, {"norm": "l1", "smooth_idf": False}),
    ("tfidf-noidf-nonorm", TfidfVectorizer, {"use_idf": False, "norm": None}),
    ("tfidf-mindf2-maxdf3", TfidfVectorizer, {"min_df": 2, "max_df": 3}),
]


def main():
    cases = []
    for name, cls, params in CASES:
        kwargs = dict(params)
        if "ngram_range" in kwargs:
            kwargs["ngram_range"] = tuple(kwargs["ngram_range"])
        v = cls(**kwargs)
        x = v.fit_transform(DOCS).toarray()
        case = {"name": name, "kind": cls.__name__, "params": params,
                "vocabulary": list(v.get_feature_names_out()), "matrix": x.tolist()}
        if hasattr(v, "idf_"):
            case["idf"] = v.idf_.tolist()
        cases.append(case)
    out = {"version": 1, "generator": "tools/gen_text_fixtures.py", "sklearn": sklearn.__version__, "docs": DOCS, "cases": cases}
    path = os.path.join(os.path.dirname(__file__), "..", "test", "text", "fixtures", "sklearn-vectorizers.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    print(f"wrote {path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
