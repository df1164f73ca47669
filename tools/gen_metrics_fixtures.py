"""Golden fixtures for lw.metrics: scikit-learn 1.2 for classification/regression, and reference
implementations of BLEU (Papineni et al. 2002 with NLTK's smoothing methods 0-3) and ROUGE-N/L
(Lin 2004, tokenised as Google's rouge-score) written here from their definitions and, where NLTK is
installed, checked against nltk.translate.bleu_score.

Run: /usr/bin/python3 tools/gen_metrics_fixtures.py   (needs Debian's python3-sklearn; python3-nltk optional)
Writes test/train/fixtures/metrics.json.
"""
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M

rng = np.random.default_rng(20261122)
OUT = Path(__file__).resolve().parent.parent / "test" / "train" / "fixtures" / "metrics.json"


def clean(x):
    """JSON-safe: numpy to lists, NaN to the string "nan"."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (np.floating, float)):
        return "nan" if math.isnan(x) else float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    return x


# ---------------------------------------------------------------- classification
def classification_case(name, y_true, y_pred, **extra):
    case = {"name": name, "yTrue": list(y_true), "yPred": list(y_pred)}
    labels = sorted(set(y_true) | set(y_pred))
    case["accuracy"] = M.accuracy_score(y_true, y_pred)
    case["accuracyCount"] = M.accuracy_score(y_true, y_pred, normalize=False)
    case["confusion"] = M.confusion_matrix(y_true, y_pred)
    for norm in ("true", "pred", "all"):
        case[f"confusion_{norm}"] = M.confusion_matrix(y_true, y_pred, normalize=norm)
    prf = {}
    averages = ["macro", "micro", "weighted", None] + (["binary"] if len(labels) <= 2 else [])
    for avg in averages:
        for beta in (1.0, 2.0, 0.5):
            for zd in (0, 1):
                p, r, f, s = M.precision_recall_fscore_support(y_true, y_pred, average=avg, beta=beta, zero_division=zd, **extra.get("prf", {}))
                prf[f"{avg}|{beta}|{zd}"] = {"precision": p, "recall": r, "fscore": f, "support": s}
    case["prf"] = prf
    case["report2"] = M.classification_report(y_true, y_pred, zero_division=0)
    case["report4"] = M.classification_report(y_true, y_pred, digits=4, zero_division=0)
    if "target_names" in extra:
        case["targetNames"] = extra["target_names"]
        case["reportNames"] = M.classification_report(y_true, y_pred, target_names=extra["target_names"], zero_division=0)
    case["reportDict"] = M.classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    return case


cls = []
yt = rng.integers(0, 2, 40).tolist()
yp = [v if rng.random() < 0.75 else 1 - v for v in yt]
cls.append(classification_case("binary 40", yt, yp))
yt = rng.integers(0, 5, 120).tolist()
yp = [v if rng.random() < 0.6 else int(rng.integers(0, 5)) for v in yt]
cls.append(classification_case("5 classes 120", yt, yp, target_names=["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"]))
# exact ties in the printed report (1/8, 3/8) and a class never predicted (zero division)
cls.append(classification_case("ties and zero division", [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0]))
cls.append(classification_case("string labels", ["cat", "dog", "bird", "dog", "cat", "cat", "bird", "dog"], ["cat", "cat", "bird", "dog", "dog", "cat", "dog", "dog"], prf={}))

# top-k with ties, ROC curves and AUC
scores = rng.random((60, 4)).round(1)  # rounding makes ties
yk = rng.integers(0, 4, 60).tolist()
topk = {"yTrue": yk, "yScore": scores.tolist(), "k": {str(k): M.top_k_accuracy_score(yk, scores, k=k, labels=[0, 1, 2, 3]) for k in (1, 2, 3)}}

roc = []
for name, n, rnd in (("continuous", 50, None), ("ties", 40, 1)):
    y = rng.integers(0, 2, n)
    s = np.clip(y * 0.3 + rng.random(n) * 0.8, 0, 1)
    if rnd is not None:
        s = s.round(rnd)
    fpr, tpr, thr = M.roc_curve(y, s)
    fpr2, tpr2, thr2 = M.roc_curve(y, s, drop_intermediate=False)
    roc.append({"name": name, "yTrue": y, "yScore": s, "fpr": fpr, "tpr": tpr, "thresholds": thr,
                "all": {"fpr": fpr2, "tpr": tpr2, "thresholds": thr2},
                "auc": M.auc(fpr, tpr), "rocAuc": M.roc_auc_score(y, s)})
probs = rng.random((80, 3)) ** 2
probs = probs / probs.sum(1, keepdims=True)
yo = np.array([int(rng.choice(3, p=p)) for p in probs])
ovr = {"yTrue": yo, "yScore": probs, "macro": M.roc_auc_score(yo, probs, multi_class="ovr", average="macro"),
       "weighted": M.roc_auc_score(yo, probs, multi_class="ovr", average="weighted")}

# ---------------------------------------------------------------- regression
reg = []
for name, t, p in (
    ("1-D", rng.normal(size=30), None),
    ("2-D", rng.normal(size=(25, 3)), None),
    ("constant target", np.full(10, 2.0), None),
):
    p = t + rng.normal(scale=0.5, size=t.shape) if name != "constant target" else t + rng.normal(size=t.shape)
    reg.append({"name": name, "yTrue": t, "yPred": p, "mse": M.mean_squared_error(t, p), "rmse": M.mean_squared_error(t, p, squared=False),
                "mae": M.mean_absolute_error(t, p), "r2": M.r2_score(t, p)})
reg.append({"name": "constant target, exact", "yTrue": [3.0] * 4, "yPred": [3.0] * 4, "mse": 0.0, "rmse": 0.0, "mae": 0.0, "r2": M.r2_score([3.0] * 4, [3.0] * 4)})


# ---------------------------------------------------------------- BLEU, from the definitions
def ngrams(toks, n):
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def corpus_bleu_ref(list_of_refs, hyps, weights=(0.25, 0.25, 0.25, 0.25), smoothing="none", epsilon=0.1):
    N = len(weights)
    num, den = [0] * N, [0] * N
    c = r = 0
    for refs, hyp in zip(list_of_refs, hyps):
        for n in range(1, N + 1):
            h = ngrams(hyp, n)
            mx = Counter()
            for ref in refs:
                for g, k in ngrams(ref, n).items():
                    mx[g] = max(mx[g], k)
            num[n - 1] += sum(min(k, mx[g]) for g, k in h.items())
            den[n - 1] += max(1, sum(h.values()))
        c += len(hyp)
        r += min((len(x) for x in refs), key=lambda l: (abs(l - len(hyp)), l))  # closest, ties to the shorter
    if num[0] == 0:
        return 0.0
    bp = 1.0 if c > r else (0.0 if c == 0 else math.exp(1 - r / c))
    p, k = [], 1
    for i in range(N):
        if smoothing == "add-one" and i > 0:
            p.append((num[i] + 1) / (den[i] + 1))
        elif num[i] > 0:
            p.append(num[i] / den[i])
        elif smoothing == "floor":
            p.append(epsilon / den[i])
        elif smoothing == "exp":
            p.append(1 / (2 ** k * den[i])); k += 1
        else:
            p.append(sys.float_info.min)  # log(0) stand-in, as NLTK (the score is then ~0)
    return bp * math.exp(math.fsum(w * math.log(x) for w, x in zip(weights, p) if x > 0))


words = "the a cat dog sat on mat rug quickly slowly red blue house is was big small".split()
def sent(n):
    return [words[i] for i in rng.integers(0, len(words), n)]

bleu_corpus = [
    # NLTK's documentation example
    ([[["It", "is", "a", "guide", "to", "action", "that", "ensures", "that", "the", "military", "always", "obeys", "the", "commands", "of", "the", "party"],
       ["It", "is", "the", "guiding", "principle", "which", "guarantees", "the", "military", "forces", "always", "being", "under", "the", "command", "of", "the", "party"]],
      [["he", "read", "the", "book", "because", "he", "was", "interested", "in", "world", "history"]]],
     [["It", "is", "a", "guide", "to", "action", "which", "ensures", "that", "the", "military", "always", "obeys", "the", "commands", "of", "the", "party"],
      ["he", "was", "interested", "in", "world", "history", "because", "he", "read", "the", "book"]]),
]
for _ in range(4):
    hyps, refs = [], []
    for _ in range(int(rng.integers(1, 5))):
        base = sent(int(rng.integers(3, 12)))
        hyps.append([w if rng.random() < 0.7 else words[int(rng.integers(0, len(words)))] for w in base][: max(1, len(base) - int(rng.integers(0, 3)))])
        refs.append([base] + [sent(int(rng.integers(3, 12))) for _ in range(int(rng.integers(0, 3)))])
    bleu_corpus.append((refs, hyps))
bleu_corpus.append(([[["a", "b", "c"]]], [["x", "y"]]))          # no unigram match: 0
bleu_corpus.append(([[["the", "cat", "sat", "on", "the", "mat"]]], [["the", "cat", "sat"]]))  # no 4-gram: smoothing matters

bleu = []
for refs, hyps in bleu_corpus:
    for weights in ((0.25, 0.25, 0.25, 0.25), (0.5, 0.5), (1 / 3, 1 / 3, 1 / 3)):
        for sm in ("none", "floor", "add-one", "exp"):
            bleu.append({"references": refs, "hypotheses": hyps, "weights": list(weights), "smoothing": sm,
                         "corpus": corpus_bleu_ref(refs, hyps, weights, sm),
                         "sentence": [corpus_bleu_ref([r], [h], weights, sm) for r, h in zip(refs, hyps)]})

try:  # cross-check the reference against NLTK where it is installed
    import warnings
    from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu as nltk_corpus
    warnings.simplefilter("ignore")
    sf = SmoothingFunction()
    methods = {"none": sf.method0, "floor": sf.method1, "add-one": sf.method2, "exp": sf.method3}
    for b in bleu:
        got = nltk_corpus(b["references"], b["hypotheses"], weights=tuple(b["weights"]), smoothing_function=methods[b["smoothing"]])
        assert abs(got - b["corpus"]) <= 1e-12 * max(1, abs(got)), (b, got)
    print(f"BLEU reference agrees with NLTK on {len(bleu)} cases")
except ImportError:
    print("NLTK not installed: BLEU checked against the reference implementation only")


# ---------------------------------------------------------------- ROUGE, from the definitions
def rouge_tokens(text):
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return [t for t in re.split(r"\s+", text) if re.match(r"^[a-z0-9]+$", t)]


def prf(overlap, pred_total, ref_total):
    p = overlap / max(pred_total, 1)
    r = overlap / max(ref_total, 1)
    return {"precision": p, "recall": r, "fmeasure": 2 * p * r / (p + r) if p + r > 0 else 0.0}


def lcs(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t[-1][-1]


def rouge_ref(target, prediction):
    tt, pt = rouge_tokens(target), rouge_tokens(prediction)
    out = {}
    for n in (1, 2, 3):
        a, b = ngrams(pt, n), ngrams(tt, n)
        out[f"rouge{n}"] = prf(sum(min(k, b[g]) for g, k in a.items()), sum(a.values()), sum(b.values()))
    out["rougeL"] = prf(lcs(tt, pt) if tt and pt else 0, len(pt), len(tt))
    return out


rouge_pairs = [
    ("The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log."),
    ("police killed the gunman", "the gunman killed police"),
    ("A cat sat on the mat, and the cat was happy!", "the cat was on the mat"),
    ("nothing in common here", "completely different words"),
    ("", "an empty reference"),
]
for _ in range(4):
    a = sent(int(rng.integers(4, 14)))
    b = [w for w in a if rng.random() < 0.7] + sent(int(rng.integers(0, 4)))
    rouge_pairs.append((" ".join(a), " ".join(b)))
rouge = [{"reference": t, "candidate": p, "scores": rouge_ref(t, p)} for t, p in rouge_pairs]

# ---------------------------------------------------------------- perplexity
logits = rng.normal(size=(12, 7)) * 2
targets = rng.integers(0, 7, 12)
logp = logits - logits.max(1, keepdims=True)
logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))
ppl = {"logits": logits, "targets": targets, "perplexity": float(np.exp(-logp[np.arange(12), targets].mean()))}

fixture = {
    "generator": "tools/gen_metrics_fixtures.py", "sklearn": sklearn.__version__, "numpy": np.__version__,
    "classification": cls, "topK": topk, "roc": roc, "rocAucOvr": ovr, "regression": reg,
    "bleu": bleu, "rouge": rouge, "perplexity": ppl,
}
OUT.write_text(json.dumps(clean(fixture), separators=(",", ":")) + "\n")
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
