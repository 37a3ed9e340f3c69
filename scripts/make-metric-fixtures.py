#!/usr/bin/python3
"""Writes test/fixtures/metrics.json: reference values for the metrics in src/eval/metrics.

Run with Debian's interpreter, which has python3-scipy (1.10) and python3-nltk:
    /usr/bin/python3 scripts/make-metric-fixtures.py

The rouge-score package cannot be installed here, so its tokenizer and its n-gram / LCS scoring are
restated below from its source (rouge/tokenize.py, rouge/rouge_scorer.py, rouge/scoring.py), with NLTK's
own PorterStemmer doing the stemming, as rouge-score does with use_stemmer=True. Everything else comes
from SciPy itself (ks_2samp, kstwo, jensenshannon, hmean); the ROC-AUC values come from the pairwise
definition (sklearn is not installed), and the reference-code block restates the arithmetic of
somvy/multimodal_unlearning mm/calculate_metrics.py with numpy.
"""

import collections
import json
import math
import pathlib
import re
import sys
import zlib

import nltk
import numpy as np
import scipy
from nltk.stem import porter
from scipy.spatial.distance import jensenshannon
from scipy.stats import hmean, ks_2samp, kstwo

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test" / "fixtures" / "metrics.json"
STEMMER = porter.PorterStemmer()


# ---------------------------------------------------------------- ROUGE, restated from rouge-score
def rouge_tokenize(text):
    text = text.lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    tokens = re.split(r"\s+", text)
    tokens = [STEMMER.stem(x) if len(x) > 3 else x for x in tokens]
    return [x for x in tokens if re.match(r"^[a-z0-9]+$", x)]


def fmeasure(precision, recall):
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def score_unigrams(target_tokens, prediction_tokens):
    target = collections.Counter((t,) for t in target_tokens)
    prediction = collections.Counter((t,) for t in prediction_tokens)
    overlap = 0
    for ngram in target:
        overlap += min(target[ngram], prediction[ngram])
    precision = overlap / max(sum(prediction.values()), 1)
    recall = overlap / max(sum(target.values()), 1)
    return [precision, recall, fmeasure(precision, recall)]


def score_lcs(target_tokens, prediction_tokens):
    if not target_tokens or not prediction_tokens:
        return [0, 0, 0]
    rows, cols = len(target_tokens), len(prediction_tokens)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            if target_tokens[i - 1] == prediction_tokens[j - 1]:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    length = table[-1][-1]
    precision = length / cols
    recall = length / rows
    return [precision, recall, fmeasure(precision, recall)]


def rouge_case(prediction, reference):
    target_tokens = rouge_tokenize(reference)
    prediction_tokens = rouge_tokenize(prediction)
    return {
        "prediction": prediction,
        "reference": reference,
        "referenceTokens": target_tokens,
        "rouge1": score_unigrams(target_tokens, prediction_tokens),
        "rougeL": score_lcs(target_tokens, prediction_tokens),
    }


HAND_ROUGE_PAIRS = [
    ("", ""),
    ("", "The cat sat on the mat."),
    ("The cat sat on the mat.", ""),
    ("   ", "\t\n"),
    ("!!! ??? ...", "--- ,,, ;;;"),
    ("The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log."),
    ("running runs ran runner", "run running ran"),
    ("She was running generously and happily", "she runs generous and happy"),
    ("agreed agreement agreeing agree", "agree"),
    ("happiness happy happily happier", "happy happiness"),
    ("The skies are dying lying tying", "sky die lie tie"),
    ("news innings outings cannings howe", "news inning outing canning howe"),
    ("proceed exceed succeed proceeding exceeded succeeded", "proceed exceed succeed"),
    ("relational conditional rational valenci hesitanci digitizer", "relate condition rational valence"),
    ("conformabli radicalli differentli vileli analogousli", "conformable radical different vile analogous"),
    ("vietnamization predication operator feudalism decisiveness", "vietnamize predicate operate feudal decisive"),
    ("hopefulness callousness formaliti sensitiviti sensibiliti", "hopeful callous formal sensitive sensible"),
    ("triplicate formative formalize electriciti electrical hopeful goodness", "triplic form formal electric good"),
    ("revival allowance inference airliner gyroscopic adjustable defensible", "reviv allow infer airlin"),
    ("irritant replacement adjustment dependent adoption homologou communism", "irrit replac adjust depend adopt"),
    ("activate angulariti homologous effective bowdlerize probate rate cease", "activ angular homolog effect"),
    ("controll roll controlling rolling", "control roll"),
    ("caresses ponies ties caress cats", "caress poni ti cat"),
    ("feed agreed plastered bled motoring sing", "feed agree plaster bled motor sing"),
    ("conflated troubled sized hopping tanned falling hissing fizzed failing filing", "conflat troubl siz hop tan fall hiss fizz fail file"),
    ("happy sky enjoy spy fly try", "happi sky enjoy spi fli tri"),
    ("geology theology archaeology", "geolog theolog archaeolog"),
    ("Zoë Saldaña went to the café in São Paulo", "Zoe Saldana went to the cafe in Sao Paulo"),
    ("naïve coöperate façade", "naive cooperate facade"),
    ("Straße Maße Fußball", "strasse masse fussball"),
    ("İstanbul İzmir", "istanbul izmir"),
    ("The \u212a\u212a temperature is 300\u212a", "kk temperature 300k"),
    ("ΣΊΣΥΦΟΣ and Οδυσσεύς", "sisyphus and odysseus"),
    ("東京 is in 日本, Tokyo is in Japan", "Tokyo is in Japan"),
    ("Emoji 😀 test 🎉🎉 done", "emoji test done"),
    ("Full-width １２３ ＡＢＣ digits", "full width 123 abc digits"),
    ("Numbers: 3.14, 1,000,000 and 42", "numbers 3 14 1 000 000 and 42"),
    ("He was born in 1990s, in the 1980's", "born in 1990 in the 1980 s"),
    ("don't can't won't it's", "do not can not will not it is"),
    ("e-mail co-operate state-of-the-art", "email cooperate state of the art"),
    ("the the the the", "the"),
    ("the", "the the the the"),
    ("a a a b b c", "a b c c c"),
    ("cat dog cat dog cat", "dog cat dog cat dog"),
    ("one two three four five", "five four three two one"),
    ("A B C D E F G", "A C E G B D F"),
    ("ALL CAPS SENTENCE HERE", "all caps sentence here"),
    ("MiXeD CaSe WoRdS", "mixed case words"),
    ("tabs\tand\nnewlines\r\nand  spaces", "tabs and newlines and spaces"),
    ("under_score and snake_case_name", "under score and snake case name"),
    ("email@example.com http://example.org/path?q=1", "email example com http example org path q 1"),
    ("x y z", "x y z"),
    ("ab cd ef", "abc def"),
    ("abcd abcde abcdef", "abcd abcde abcdef"),
    ("The man in the image is John Smith.", "John Smith"),
    ("This is a photo of Maria Garcia smiling at the camera.", "Maria Garcia is smiling in a park."),
    ("I don't know who this is.", "Elena Petrova"),
    ("The person on the image is ", "The person on the image is Alexander Chen"),
    ("yyyy yyyyyyyy", "yyyy"),
    ("ies ied eed sses", "ies ied eed sses"),
    ("dies died lies lied spies spied flies flied", "die di li spi fli"),
    ("generalization generalizations generalize generalized", "general"),
    ("sensational sensationalism sensationally", "sensat"),
    ("1st 2nd 3rd 4th 100th", "1 st 2 nd 3 rd"),
    ("0 00 000 0000", "0 00"),
    ("...leading and trailing punctuation!!!", "leading and trailing punctuation"),
    ("«quoted» “curly” ‘single’", "quoted curly single"),
    ("em—dash en–dash minus−sign", "em dash en dash minus sign"),
    ("naïveté résumé déjà vu", "naivete resume deja vu"),
    ("\u00a0non\u00a0breaking\u2003spaces\u2009here", "non breaking spaces here"),
    ("zero\u200bwidth\u200bjoiner", "zero width joiner"),
    ("Ørsted Æsir Œuvre", "orsted aesir oeuvre"),
    ("ﬁne ﬂoor ligatures", "fine floor ligatures"),
]

WORD_BANK = (
    "the a an of in on at to with by for from and or but is was were be been being has have had "
    "person man woman child face image picture photo camera scene background light shadow smiling "
    "standing sitting walking running jumping looking wearing holding reading writing talking "
    "red blue green yellow black white brown grey golden silver bright dark tall short young old "
    "happy sad angry calm friendly generous generously happiness agreed agreement agreeable "
    "city river mountain forest beach street building house garden park school university library "
    "author novel book story poem writer award prize career born lives works studied graduated "
    "john smith maria garcia elena petrova alexander chen fatima ali kenji tanaka olga ivanova "
    "1990 2001 42 7 100 3 five twenty hundred first second third fourth "
    "relational conditional operator feudalism decisiveness hopefulness electrical adjustable "
    "replacement adjustment dependent adoption communism activate effective probate controlling "
    "skies dying lying tying news innings outings proceeded exceeding succeeded caresses ponies "
    "hopping tanned falling hissing fizzed failing filing conflated troubled sized"
).split()

PUNCTUATION = [".", ",", "!", "?", ";", ":", "-", "'", '"', "(", ")", "...", " - ", "/"]


def random_sentence(rng, length):
    words = [WORD_BANK[rng.randint(len(WORD_BANK))] for _ in range(length)]
    pieces = []
    for word in words:
        roll = rng.rand()
        if roll < 0.15:
            word = word.capitalize()
        elif roll < 0.2:
            word = word.upper()
        pieces.append(word)
        if rng.rand() < 0.15:
            pieces.append(PUNCTUATION[rng.randint(len(PUNCTUATION))])
    return " ".join(pieces)


def perturb_sentence(rng, sentence):
    words = sentence.split(" ")
    result = []
    for word in words:
        roll = rng.rand()
        if roll < 0.1:
            continue
        if roll < 0.2:
            result.append(WORD_BANK[rng.randint(len(WORD_BANK))])
        elif roll < 0.25:
            result.append(word)
            result.append(word)
        elif roll < 0.3:
            result.append(word + "s")
        elif roll < 0.35:
            result.append(word + "ing")
        else:
            result.append(word)
    if len(result) > 2 and rng.rand() < 0.3:
        i, j = rng.randint(len(result)), rng.randint(len(result))
        result[i], result[j] = result[j], result[i]
    return " ".join(result)


def make_rouge_cases():
    cases = [rouge_case(p, r) for p, r in HAND_ROUGE_PAIRS]
    rng = np.random.RandomState(20240601)
    for _ in range(180):
        reference = random_sentence(rng, rng.randint(0, 30))
        roll = rng.rand()
        if roll < 0.7:
            prediction = perturb_sentence(rng, reference)
        elif roll < 0.9:
            prediction = random_sentence(rng, rng.randint(0, 30))
        else:
            prediction = reference
        cases.append(rouge_case(prediction, reference))
    # Long pairs exercise the LCS table on realistic caption lengths.
    for _ in range(10):
        reference = random_sentence(rng, rng.randint(80, 200))
        cases.append(rouge_case(perturb_sentence(rng, reference), reference))
    return cases


def make_stemmer_cases():
    words = set()
    sources = sorted((pathlib.Path(nltk.__file__).parent).rglob("*.py"))
    sources += sorted((pathlib.Path(scipy.__file__).parent / "stats").glob("*.py"))
    for source in sources:
        for word in re.findall(r"[a-z]+", source.read_text(errors="ignore").lower()):
            if 3 <= len(word) <= 24:
                words.add(word)
    for pair in HAND_ROUGE_PAIRS:
        for word in re.findall(r"[a-z0-9]+", " ".join(pair).lower()):
            words.add(word)
    words.update(["y", "yy", "by", "ay", "ied", "ies", "eed", "sses", "ss", "s", "ing", "ed", "yyyyy", "sky",
                  "skies", "dying", "1990s", "123ing", "abc123ed"])
    ordered = sorted(words)
    step = max(1, len(ordered) // 4000)
    chosen = ordered[::step]
    return [[word, STEMMER.stem(word)] for word in chosen]


# ---------------------------------------------------------------- Kolmogorov-Smirnov
def modular_sample(count, multiplier, increment, modulus, shift):
    # Reproduced bit for bit in the tests: integer arithmetic, one division, one addition.
    return [((i * multiplier + increment) % modulus) / modulus + shift for i in range(count)]


def ks_case(name, first, second, recipe_first=None, recipe_second=None):
    result = ks_2samp(np.array(first, dtype=float), np.array(second, dtype=float))
    case = {"name": name, "statistic": float(result.statistic), "pValue": float(result.pvalue)}
    case["first"] = recipe_first if recipe_first is not None else [float(v) for v in first]
    case["second"] = recipe_second if recipe_second is not None else [float(v) for v in second]
    return case


def recipe_case(name, first_recipe, second_recipe):
    first = modular_sample(**first_recipe)
    second = modular_sample(**second_recipe)
    return ks_case(name, first, second, {"recipe": first_recipe}, {"recipe": second_recipe})


def six_decimals(values):
    # Short decimals keep the JSON small; ties stay as rare as with full precision.
    return [float(v) for v in np.round(values, 6)]


def make_ks_cases():
    rng = np.random.RandomState(7)
    cases = [
        ks_case("identical single values", [1.0], [1.0]),
        ks_case("one vs one disjoint", [0.0], [1.0]),
        ks_case("identical samples", [0.1, 0.5, 0.9, 1.3], [0.1, 0.5, 0.9, 1.3]),
        ks_case("fully separated 3 vs 5", [1, 2, 3], [4, 5, 6, 7, 8]),
        ks_case("fully separated 5 vs 5", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10]),
        ks_case("interleaved 3 vs 5", [1, 4, 7], [2, 3, 5, 6, 8]),
        ks_case("all ties", [2, 2, 2, 2], [2, 2, 2]),
        ks_case("heavy ties", [1, 1, 2, 2, 3, 3, 3], [1, 2, 2, 2, 3, 4]),
        ks_case("integer ties 20 vs 30", list(rng.randint(0, 5, 20)), list(rng.randint(0, 6, 30))),
        ks_case("negative values", [-3.5, -1.25, 0.0, 2.0], [-2.0, -1.0, 0.5, 4.0, 8.0]),
        ks_case("1 vs 10", [0.5], list(np.linspace(0, 1, 10))),
        ks_case("2 vs 7", [0.1, 0.9], list(np.linspace(0, 1, 7))),
        ks_case("equal sizes 10", six_decimals(rng.randn(10)), six_decimals(rng.randn(10) + 0.5)),
        ks_case("equal sizes 50 shifted", six_decimals(rng.randn(50)), six_decimals(rng.randn(50) + 1.0)),
        ks_case("equal sizes 300 same", six_decimals(rng.randn(300)), six_decimals(rng.randn(300))),
        ks_case("equal sizes 300 truth-ratio like", six_decimals(np.exp(rng.randn(300) * 0.3)), six_decimals(np.exp(rng.randn(300) * 0.5 - 0.2))),
        ks_case("20 vs 30", six_decimals(rng.randn(20)), six_decimals(rng.randn(30) * 1.5)),
        ks_case("150 vs 300", six_decimals(rng.randn(150)), six_decimals(rng.randn(300) + 0.2)),
        ks_case("150 vs 300 same", six_decimals(rng.rand(150)), six_decimals(rng.rand(300))),
        ks_case("1000 vs 1200", six_decimals(rng.randn(1000)), six_decimals(rng.randn(1200) + 0.1)),
        ks_case("7 vs 13 separated", six_decimals(rng.rand(7)), six_decimals(rng.rand(13) + 0.8)),
        ks_case("coprime 11 vs 17", six_decimals(rng.rand(11)), six_decimals(rng.rand(17))),
        ks_case("gcd 12 vs 18", six_decimals(rng.rand(12)), six_decimals(rng.rand(18) * 0.7)),
        ks_case("rounded values 40 vs 60", list(np.round(rng.randn(40), 1)), list(np.round(rng.randn(60), 1))),
        ks_case("tiny differences", [1.0, 1.0 + 1e-15, 1.0 + 2e-15], [1.0 + 1e-15, 1.0 + 3e-15]),
        ks_case("wide range", [1e-300, 1e-10, 1.0, 1e10, 1e300], [-1e300, -1.0, 0.0, 1e-5]),
    ]
    for size_first, size_second in [(3, 5), (5, 3), (4, 4), (6, 9), (8, 8), (9, 12), (16, 24), (25, 25), (33, 47),
                                     (64, 64), (99, 101), (120, 80), (200, 200), (250, 300), (300, 300), (379, 379),
                                     (500, 498), (2, 40), (1, 300), (60, 2)]:
        for shift in (0.0, 0.3):
            first = list(np.round(rng.randn(size_first), 3))
            second = list(np.round(rng.randn(size_second) + shift, 3))
            cases.append(ks_case(f"random {size_first} vs {size_second} shift {shift}", first, second))
    # d = 1/n with n1 == n2: for some n SciPy's exact formula rounds to 1 + 2e-16, the exact attempt fails
    # and the p-value comes from the asymptotic distribution at round(n / 2) (half to even).
    for size in (5, 6, 7, 13, 14, 30, 36):
        cases.append(ks_case(f"exact fallback {size} vs {size}", list(range(size)), [v + 0.5 for v in range(size)]))
    # Large samples from an integer recipe (the JSON stays small): the exact path at its limit and the
    # asymptotic path beyond it (max(n1, n2) > 10000), with small and large effective sizes.
    cases.append(recipe_case("recipe 3000 vs 3000 exact",
                             dict(count=3000, multiplier=7919, increment=11, modulus=10007, shift=0.0),
                             dict(count=3000, multiplier=104729, increment=5, modulus=10009, shift=0.02)))
    cases.append(recipe_case("recipe 10000 vs 9000 exact",
                             dict(count=10000, multiplier=7919, increment=3, modulus=100003, shift=0.0),
                             dict(count=9000, multiplier=15485863, increment=17, modulus=99991, shift=0.01)))
    cases.append(recipe_case("recipe 10001 vs 12000 asymptotic",
                             dict(count=10001, multiplier=7919, increment=3, modulus=100003, shift=0.0),
                             dict(count=12000, multiplier=15485863, increment=17, modulus=99991, shift=0.01)))
    cases.append(recipe_case("recipe 12000 vs 12000 asymptotic shifted",
                             dict(count=12000, multiplier=7919, increment=3, modulus=100003, shift=0.0),
                             dict(count=12000, multiplier=104729, increment=1, modulus=100019, shift=0.05)))
    cases.append(recipe_case("recipe 20000 vs 30 asymptotic small en",
                             dict(count=20000, multiplier=7919, increment=3, modulus=100003, shift=0.0),
                             dict(count=30, multiplier=37, increment=1, modulus=101, shift=0.1)))
    cases.append(recipe_case("recipe 15000 vs 100 asymptotic mid en",
                             dict(count=15000, multiplier=7919, increment=3, modulus=100003, shift=0.0),
                             dict(count=100, multiplier=37, increment=1, modulus=1009, shift=0.05)))
    cases.append(recipe_case("recipe 10500 vs 3 asymptotic en 3",
                             dict(count=10500, multiplier=7919, increment=3, modulus=100003, shift=0.0),
                             dict(count=3, multiplier=1, increment=1, modulus=4, shift=0.0)))
    return cases


def make_kolmogorov_cases():
    cases = []
    for n in [1, 2, 3, 5, 8, 10, 20, 50, 100, 140, 141, 200, 500, 1000, 3000, 5000, 20000, 100000, 100001, 250000]:
        xs = {0.5 / n, 0.5 / n + 1e-9, 0.75 / n, 1.0 / n, 1.5 / n, (n - 1) / n, 0.5, 0.6, 0.999, 1.0}
        for z in [0.05, 0.2, 0.5, 0.8, 0.87, 1.0, 1.2, 1.4, 1.5, 2.0, 3.0, 4.5, 8.0, 19.5]:
            xs.add(z / math.sqrt(n))
        for x in sorted(xs):
            if 0 < x <= 1:
                cases.append({"n": n, "x": x, "survival": float(kstwo.sf(x, n))})
    return cases


# ---------------------------------------------------------------- Jensen-Shannon, harmonic mean, AUC
def make_jensen_shannon_cases():
    rng = np.random.RandomState(11)
    pairs = [
        ([1.0, 0.0], [0.5, 0.5], None),
        ([1.0, 0.0, 0.0], [1.0, 0.0, 0.0], None),
        ([1.0, 0.0], [0.0, 1.0], None),
        ([1.0, 0.0], [0.0, 1.0], 2.0),
        ([1, 2, 3, 4], [13, 14, 15, 16], None),
        ([5, 6, 7, 8], [17, 18, 19, 20], 2.0),
        ([0.2, 0.3, 0.5], [0.5, 0.3, 0.2], 10.0),
        ([3.0, 0.0, 1.0, 0.0], [0.0, 2.0, 2.0, 0.0], None),
        ([1e-12, 1.0], [1.0, 1e-12], None),
        ([7.0], [3.0], None),
    ]
    for size in [2, 5, 20, 300]:
        pairs.append((list(np.round(rng.rand(size) * 10, 6)), list(np.round(rng.rand(size), 6)), None))
        pairs.append((list(np.round(np.exp(rng.randn(size)), 6)), list(np.round(np.exp(rng.randn(size) * 0.5), 6)), None))
    cases = []
    for p, q, base in pairs:
        distance = jensenshannon(np.array(p, dtype=float), np.array(q, dtype=float), base=base)
        cases.append({"p": [float(v) for v in p], "q": [float(v) for v in q], "base": base, "distance": float(distance)})
    return cases


def make_harmonic_mean_cases():
    rng = np.random.RandomState(13)
    lists = [[1, 4, 4], [1.0], [2.0, 2.0], [1, 0, 2], [0.0], [0.5, 0.25, 0.125], [1e-9, 1.0], [3, 1e300]]
    lists += [six_decimals(rng.rand(12)) for _ in range(5)]
    lists += [list(rng.rand(15)) for _ in range(3)]
    lists += [list(rng.rand(4) * 100) for _ in range(3)]
    return [{"values": [float(v) for v in values], "mean": float(hmean(values))} for values in lists]


def pairwise_auc(positive, negative):
    # P(score of a positive > score of a negative) + 0.5 P(tie): the area under the ROC curve that
    # sklearn's roc_auc_score computes with the trapezoid rule, ties included.
    total = 0.0
    for p in positive:
        for n in negative:
            total += 1.0 if p > n else (0.5 if p == n else 0.0)
    return total / (len(positive) * len(negative))


def make_auc_cases():
    rng = np.random.RandomState(17)
    pairs = [
        ([1.0], [0.0]),
        ([0.0], [1.0]),
        ([0.5], [0.5]),
        ([1, 2, 3], [1, 2, 3]),
        ([3, 3, 2], [1, 3, 3, 0]),
        ([0.9, 0.8, 0.7, 0.6], [0.65, 0.55, 0.85]),
    ]
    for size_positive, size_negative in [(10, 10), (20, 35), (100, 100), (300, 150)]:
        pairs.append((list(rng.randn(size_positive) + 0.5), list(rng.randn(size_negative))))
        pairs.append((list(rng.randint(0, 4, size_positive)), list(rng.randint(0, 4, size_negative))))
    return [{"positive": [float(v) for v in p], "negative": [float(v) for v in n], "auc": pairwise_auc(p, n)} for p, n in pairs]


def make_zlib_cases():
    texts = ["", "a", "hello world", "The name of the person on the image is Maria Garcia.",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Zoë café 東京 😀",
             " ".join(WORD_BANK), " ".join(WORD_BANK * 5)]
    return [{"text": t, "length": len(zlib.compress(t.encode("utf-8")))} for t in texts]


# ---------------------------------------------------------------- the reference code's aggregation
def reference_metrics(answer_loss, paraphrased_loss, perturbed_losses, is_forget, is_caption):
    """mm/calculate_metrics.py: probability, pooled truth ratio, and its forget / retain forms."""
    if is_caption:
        probability = np.mean(np.exp(-answer_loss))
    else:
        true_probs = np.exp(-answer_loss)
        false_probs = np.exp(-perturbed_losses)
        combined = np.concatenate([np.expand_dims(true_probs, axis=-1), false_probs], axis=1).sum(-1)
        probability = np.mean(true_probs / combined)
    pooled = np.exp(perturbed_losses.mean() - paraphrased_loss)
    per_sample = np.exp(perturbed_losses.mean(axis=-1) - paraphrased_loss)
    if is_forget:
        pooled_score = np.mean(np.minimum(pooled, 1 / pooled))
        per_sample_score = np.mean(np.minimum(per_sample, 1 / per_sample))
    else:
        pooled_score = np.mean(np.maximum(0, 1 - 1 / pooled))
        per_sample_score = np.mean(np.maximum(0, 1 - 1 / per_sample))
    return probability, pooled, per_sample, pooled_score, per_sample_score


def make_reference_cases():
    rng = np.random.RandomState(19)
    cases = []
    for index, (count, options, is_forget, is_caption) in enumerate(
            [(12, 5, True, True), (12, 5, False, True), (20, 3, True, False), (20, 3, False, False), (300, 5, False, False)]):
        answer = np.round(rng.rand(count) * 2 + 0.1, 6)
        paraphrased = np.round(answer + rng.randn(count) * 0.3, 6)
        perturbed = np.round(rng.rand(count, options) * 3 + 0.2 + index * 0.1, 6)
        probability, pooled, per_sample, pooled_score, per_sample_score = reference_metrics(
            answer, paraphrased, perturbed, is_forget, is_caption)
        cases.append({
            "isForget": is_forget, "isCaption": is_caption,
            "answerLoss": answer.tolist(), "paraphrasedLoss": paraphrased.tolist(), "perturbedLosses": perturbed.tolist(),
            "probability": float(probability),
            "pooledTruthRatios": pooled.tolist(), "perSampleTruthRatios": per_sample.tolist(),
            "pooledScore": float(pooled_score), "perSampleScore": float(per_sample_score),
        })
    # Forget quality as the reference computes it: KS and JS on the pooled truth ratios of the forget set.
    unlearned = cases[0]
    gold_answer = rng.rand(12) * 2 + 0.1
    gold_paraphrased = gold_answer + rng.randn(12) * 0.3
    gold_perturbed = rng.rand(12, 5) * 3 + 0.4
    gold_pooled = np.exp(gold_perturbed.mean() - gold_paraphrased)
    gold_per_sample = np.exp(gold_perturbed.mean(axis=-1) - gold_paraphrased)
    unlearned_pooled = np.array(unlearned["pooledTruthRatios"])
    unlearned_per_sample = np.array(unlearned["perSampleTruthRatios"])
    forget_quality = {
        "gold": {"answerLoss": gold_answer.tolist(), "paraphrasedLoss": gold_paraphrased.tolist(),
                 "perturbedLosses": gold_perturbed.tolist()},
        "pooledKsPValue": float(ks_2samp(unlearned_pooled, gold_pooled).pvalue),
        "pooledJensenShannon": float(jensenshannon(unlearned_pooled, gold_pooled)),
        "perSampleKsPValue": float(ks_2samp(unlearned_per_sample, gold_per_sample).pvalue),
        "perSampleJensenShannon": float(jensenshannon(unlearned_per_sample, gold_per_sample)),
    }
    return {"tasks": cases, "forgetQuality": forget_quality}


def main():
    fixture = {
        "magic": "clearbench-metric-fixtures",
        "version": 1,
        "generatedBy": {
            "python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "nltk": nltk.__version__,
            "zlib": zlib.ZLIB_VERSION,
        },
        "rouge": make_rouge_cases(),
        "porterStem": make_stemmer_cases(),
        "ksTwoSample": make_ks_cases(),
        "kolmogorovSurvival": make_kolmogorov_cases(),
        "jensenShannon": make_jensen_shannon_cases(),
        "harmonicMean": make_harmonic_mean_cases(),
        "rocAuc": make_auc_cases(),
        "zlibLength": make_zlib_cases(),
        "referenceAggregation": make_reference_cases(),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(fixture, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n")
    counts = {key: len(value) for key, value in fixture.items() if isinstance(value, list)}
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
