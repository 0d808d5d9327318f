"""Entity scoring side by side: NewsPrep's counts, seqeval and nervaluate on identical input.

    python benchmarks/bench_entities.py --sizes 10000 50000

Input: SYNTHETIC documents (``newsprep synth``'s generator, short documents) and
a spoiled system whose predictions stay on token boundaries. Each library gets
the same annotations in its own format, converted before timing: NewsPrep
mentions (character spans), seqeval IOB2 tags (NewsPrep's tokeniser),
nervaluate dicts (inclusive ends). The numbers are asserted identical
(strict micro P/R/F1 with seqeval; the four schemes' counts and P/R/F1,
overall and per type, with nervaluate), then the times are compared.

What is timed is the computation of the scores from the annotations in memory:

- ``newsprep``: the scorer's counting (``document_tuples`` per document, all
  four schemes overall and per type, added to a ``Tally``), then P/R/F1;
- ``newsprep strict only``: strict micro P/R/F1 alone, the one metric seqeval
  computes (matching spans and types, counted per document);
- ``seqeval micro``: ``precision_recall_fscore_support(average="micro")``;
- ``seqeval report``: ``classification_report`` (per type and averages);
- ``nervaluate``: ``Evaluator(...).evaluate()`` (the four schemes, per type).
"""
from __future__ import annotations

import argparse
import time
import warnings

from common import PARAGRAPHS, machine, save, spoil, table

from newsprep.eval.data.tokens import spans_to_tags, tokenize
from newsprep.eval.metrics import entities as ent
from newsprep.eval.metrics.prf import prf_vector
from newsprep.eval.scoring.score import ENTITY_KEYS
from newsprep.eval.scoring.tally import Tally
from newsprep.eval.synth.generate import load_pool, make_document
from newsprep.eval.synth.write import layer_records
from newsprep.eval.types import Mention


def corpus(size: int, seed: int):
    """``(text, gold mentions, predicted mentions)`` of ``size`` synthetic documents."""
    pool, counter, out = load_pool(), [0], []
    for index in range(size):
        records = layer_records(make_document(pool, seed=seed, index=index, paragraphs=PARAGRAPHS), tokens=False)
        text, gold = records["documents"]["text"], records["entities"]["mentions"]
        out.append((text, gold, spoil(gold, text, counter)))
    return out


def as_mentions(items):
    return [Mention(m["start"], m["end"], m["type"], m["entity_id"]) for m in items]


def ours(docs) -> dict:
    """What the scorer does per document (all four schemes, overall and per type, added to a tally),
    then P/R/F1 of every key from the sums."""
    tally = Tally(ENTITY_KEYS, keep_rows=False)
    for gold, pred in docs:
        tally.add("", {key: ent.as_counts(c) for key, c in ent.document_tuples(gold, pred).items()})
    return {key: prf_vector(tally.total(key)) for key in ENTITY_KEYS if tally.total(key)[2:].any()}


def ours_strict(docs):
    """Strict micro P/R/F1 alone: a prediction is correct when a gold mention has its span and type."""
    correct = predicted = possible = 0
    for gold, pred in docs:
        truth = {(m.start, m.end, m.type) for m in gold}
        correct += sum((m.start, m.end, m.type) in truth for m in pred)
        predicted += len(pred)
        possible += len(gold)
    return prf_vector([correct, correct, predicted, possible])


def clock(function, *args, repeat: int = 2):
    """Best of ``repeat`` runs (the machine is shared), and the value."""
    best, value = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function(*args)
        best = min(best, time.perf_counter() - started)
    return best, value


def compare(size: int, seed: int) -> dict:
    from nervaluate import Evaluator
    from seqeval.metrics import classification_report
    from seqeval.metrics.sequence_labeling import precision_recall_fscore_support

    raw = corpus(size, seed)
    docs = [(as_mentions(g), as_mentions(p)) for _, g, p in raw]
    tags_true, tags_pred = [], []
    for text, g, p in raw:
        tokens = tokenize(text)
        tags_true.append(spans_to_tags(tokens, [(m["start"], m["end"], m["type"]) for m in g]))
        tags_pred.append(spans_to_tags(tokens, [(m["start"], m["end"], m["type"]) for m in p]))
    nv_true = [[{"label": m.type, "start": m.start, "end": m.end - 1} for m in g] for g, _ in docs]
    nv_pred = [[{"label": m.type, "start": m.start, "end": m.end - 1} for m in p] for _, p in docs]

    times = {}
    times["newsprep"], mine = clock(ours, docs)
    times["newsprep strict only"], strict = clock(ours_strict, docs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        times["seqeval micro"], (p, r, f, _) = clock(lambda: precision_recall_fscore_support(tags_true, tags_pred, average="micro"))
        times["seqeval report"], _ = clock(lambda: classification_report(tags_true, tags_pred, output_dict=True))
        times["nervaluate"], theirs = clock(lambda: Evaluator(nv_true, nv_pred, tags=list(ent.TYPES), loader="dict").evaluate(), repeat=1)

    # Identical numbers, or the comparison means nothing.
    assert (mine["strict"].precision, mine["strict"].recall, mine["strict"].f1) == (float(p), float(r), float(f))
    assert (strict.precision, strict.recall, strict.f1) == (float(p), float(r), float(f))
    overall, per_type = theirs["overall"], theirs["entities"]
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    totals = {}
    for gold, pred in docs:
        for key, c in ent.document_tuples(gold, pred).items():
            totals[key] = tuple(a + b for a, b in zip(totals.get(key, (0,) * 5), c))
    for ours_name, their_name in names.items():
        for key, result in [(ours_name, overall[their_name])] + [(f"{ours_name}:{t}", per_type[t][their_name]) for t in per_type]:
            assert totals[key] == (result.correct, result.incorrect, result.partial, result.missed, result.spurious), key
            assert (mine[key].precision, mine[key].recall, mine[key].f1) == (result.precision, result.recall, result.f1), key
    mentions = sum(len(g) for g, _ in docs)
    return {"docs": size, "gold_mentions": mentions, "tokens": sum(map(len, tags_true)),
            "strict_f1": round(mine["strict"].f1, 4), "seconds": {k: round(v, 3) for k, v in times.items()},
            "ratio": {k: round(v / times["newsprep"], 1) for k, v in times.items()},
            "ratio_strict_only": {k: round(v / times["newsprep strict only"], 1) for k, v in times.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    results = {"machine": machine(), "paragraphs": list(PARAGRAPHS), "sizes": []}
    for size in args.sizes:
        results["sizes"].append(compare(size, args.seed))
        print(f"{size} documents compared", flush=True)
    names = list(results["sizes"][0]["seconds"])
    rows = [[s["docs"], s["gold_mentions"], name, s["seconds"][name], s["ratio"][name]] for s in results["sizes"] for name in names]
    print(table(["documents", "gold mentions", "library", "seconds", "time / newsprep"], rows))
    save(args.out, results)


if __name__ == "__main__":
    main()
