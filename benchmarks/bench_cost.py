"""What scoring costs, like for like: whole processes, CPU seconds, start-up and imports included.

    python benchmarks/bench_cost.py --docs 10000 --runs 5 --out benchmarks/results/cost.json

Every measurement is a fresh process run ``--runs`` times; the runs of all commands are interleaved
(round 1 of each, then round 2, ...) so that a change in the machine's load falls on all of them, and
each ratio is computed within a round, then its median taken. CPU seconds are user + system time of
the process and its children (``RUSAGE_CHILDREN``); wall seconds and the machine's load average are
recorded beside them. The package's bytecode is compiled before the first run (``common.environment``),
as an installed package has it. The corpus is SYNTHETIC (``newsprep synth``'s generator, short documents, see
``common.PARAGRAPHS``), never the released data; the gold folder is validated once before the timed
runs (scoring validates a folder once per content and remembers it).

Commands, each reading its input from files as a user's process would:

- ``python``: an empty interpreter, the floor of any process;
- ``import newsprep.eval``;
- ``orjson parse`` / ``json parse``: parse every line of the submission and of the gold files scoring
  reads (documents, boilerplate, entities), and nothing else;
- ``newsprep score``: ``newsprep score SUB --gold DIR --resamples 0`` on the spoiled system (boilerplate
  and entities), its records in document order; ``... --resamples 1000``; the same file shuffled;
- entities alone, on identical input converted beforehand: ``newsprep score`` of an entities-only
  submission (the scorer's real path: validation, four schemes, per type, both views) against each peer
  call that returns what newsprep returns: seqeval's ``f1_score`` (one call: the micro F1), seqeval's
  ``classification_report(output_dict=True)`` (precision, recall and F1 per type and their micro
  average), both on IOB2 tags of NewsPrep's tokeniser, and nervaluate's ``Evaluator(...).evaluate()``
  (the four schemes, per type); each peer process loads its input with ``json`` and prints its numbers,
  which are asserted equal to NewsPrep's strict micro figures before any time is reported;
- duplicates: ``newsprep score`` of a duplicates submission on the largest corpus here that carries
  the pair layers (``--pair-docs``), against an orjson parse of the same files;
- ``newsprep score, gold read as JSON``: the first command with the gold column cache turned off in that
  process (``validate.gold.gold_columns`` answering None, as for a cache that cannot be written), so that the
  rounds compare the two ways of reading the gold like for like. Before the rounds, one run on an emptied
  column cache records what the first score of a content costs (it makes the columns).

Peak memory (VmHWM) of the scoring process is recorded for the ordered and the shuffled file (the engine routes
each record to its range of documents, whatever the order).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import MEASURE, PARAGRAPHS, environment, load, machine, save, shuffled, spoil, table, write_predictions

from newsprep.eval.data.tokens import spans_to_tags, tokenize
from newsprep.eval.synth.write import write_corpus
from newsprep.eval.validate.columns import clear

PY = sys.executable
ENVIRONMENT = environment()  # bytecode compiled once, before any timed run

# ``newsprep`` with the gold column cache off in this process: the gold is read from its JSON
JSON_GOLD = "import newsprep.eval.validate.gold as g; g.gold_columns = lambda root: None\n" + MEASURE

PARSE = """
import sys
from {module} import loads
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                loads(line)
"""

SEQEVAL_READ = """
import json, sys
true, pred = [], []
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        row = json.loads(line)
        true.append(row["true"]); pred.append(row["pred"])
"""
SEQEVAL_F1 = SEQEVAL_READ + """
from seqeval.metrics import f1_score
print(json.dumps({"f1": f1_score(true, pred)}))
"""
SEQEVAL_REPORT = SEQEVAL_READ + """
from seqeval.metrics import classification_report
micro = classification_report(true, pred, output_dict=True)["micro avg"]
print(json.dumps({"precision": micro["precision"], "recall": micro["recall"], "f1": micro["f1-score"]}))
"""

NERVALUATE = """
import json, sys
from nervaluate import Evaluator
true, pred, tags = [], [], set()
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        row = json.loads(line)
        true.append(row["true"]); pred.append(row["pred"])
        tags.update(m["label"] for m in row["true"] + row["pred"])
results = Evaluator(true, pred, tags=sorted(tags)).evaluate()
overall = results[0] if isinstance(results, tuple) else results["overall"]
strict = overall["strict"]
get = (lambda k: strict[k]) if isinstance(strict, dict) else (lambda k: getattr(strict, k))
print(json.dumps({"precision": get("precision"), "recall": get("recall"), "f1": get("f1")}))
"""

TARGETS = [  # (name, what, limit, direction): "at most" the measured ratio must stay under, "at least" over
    ("score_over_orjson_parse", "newsprep score --resamples 0 / orjson parse of submission and gold", 3.0, "at most"),
    ("duplicates_score_over_orjson_parse", "newsprep score --resamples 0 (duplicates) / orjson parse of its files", 3.0, "at most"),
    ("seqeval_f1_over_newsprep_entities", "seqeval f1_score (one call) / newsprep score (entities)", 10.0, "at least"),
    ("seqeval_report_over_newsprep_entities", "seqeval classification_report / newsprep score (entities)", 10.0,
     "at least"),
    ("nervaluate_over_newsprep_entities", "nervaluate / newsprep score (entities)", 20.0, "at least"),
    ("bootstrap_added", "extra time of --resamples 1000 over --resamples 0", 0.5, "at most"),
    ("import_cpu_s", "CPU seconds of python -c 'import newsprep.eval'", 0.15, "at most"),
]


def run(command: list[str], *, stdout_json: bool = False) -> dict:
    """One process: CPU seconds (its own and its children's), wall seconds, and its JSON output if asked."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENVIRONMENT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} … failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = {"cpu_s": cpu, "wall_s": wall}
    if stdout_json:
        out["output"] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def newsprep_command(*args: str) -> list[str]:
    """``newsprep ARGS`` in a process that also reports its peak memory (``common.MEASURE``)."""
    return [PY, "-c", MEASURE, *args]


def peer_inputs(root: Path, work: Path) -> tuple[Path, Path, Path]:
    """An entities-only submission and the same annotations as IOB2 tags (seqeval) and labelled spans
    (nervaluate, inclusive ends as its documentation uses them), one document per line."""
    from newsprep.eval.data import dataset as data

    sub, tags, spans = work / "entities.jsonl", work / "seqeval.jsonl", work / "nervaluate.jsonl"
    counter = [0]
    with open(root / "data/documents.jsonl", encoding="utf-8") as docs, open(root / "data/entities.jsonl", encoding="utf-8") as gold, \
            open(sub, "w", encoding="utf-8") as s, open(tags, "w", encoding="utf-8") as t, open(spans, "w", encoding="utf-8") as n:
        s.write(json.dumps({"task": "header", "dataset_version": data.data_version(root), "system": "spoiled"}) + "\n")
        for doc_line, gold_line in zip(docs, gold):
            doc, record = json.loads(doc_line), json.loads(gold_line)
            truth, pred = record["mentions"], spoil(record["mentions"], doc["text"], counter)
            s.write(json.dumps({"task": "entities", "doc": doc["id"], "mentions": pred}) + "\n")
            tokens = tokenize(doc["text"])
            t.write(json.dumps({"true": spans_to_tags(tokens, [(m["start"], m["end"], m["type"]) for m in truth]),
                                "pred": spans_to_tags(tokens, [(m["start"], m["end"], m["type"]) for m in pred])}) + "\n")
            n.write(json.dumps({"true": [{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in truth],
                                "pred": [{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in pred]}) + "\n")
    return sub, tags, spans


def duplicates_submission(root: Path, path: Path) -> Path:
    """The gold pairs with every 4th left out and every 5th relabelled: an imperfect system."""
    from newsprep.eval.data import dataset as data

    labels = ("near_duplicate", "paraphrase", "different")
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"task": "header", "dataset_version": data.data_version(root), "system": "spoiled"}) + "\n")
        for k, pair in enumerate(data.records("duplicate_pairs", root)):
            if k % 4 == 3:
                continue
            label = pair["label"] if pair["label"] in labels else "different"
            label = labels[(labels.index(label) + 1) % 3] if k % 5 == 4 else label
            out.write(json.dumps({"task": "duplicates", "a": pair["a"], "b": pair["b"], "label": label}) + "\n")
    return path


def strict_micro(report: Path) -> dict:
    rows = json.loads(report.read_text())["rows"]
    get = {(r["task"], r["view"], r["metric"], r["average"], r["statistic"]): r["value"] for r in rows}
    return {k: get[("entities", "all", "strict", "micro", k)] for k in ("precision", "recall", "f1")}


def commands(root: Path, dup_root: Path, work: Path) -> dict[str, tuple[list[str], bool]]:
    """Name -> (command, whether it prints JSON to read back)."""
    sub, dup = work / "pred.jsonl", work / "duplicates.jsonl"
    gold = [str(root / "data" / f"{n}.jsonl") for n in ("documents", "boilerplate", "entities")]
    dup_gold = [str(dup_root / "data" / f"{n}.jsonl") for n in ("segments", "duplicate_pairs")]

    def score(submission: Path, out: str, resamples: int = 0) -> list[str]:
        return newsprep_command("score", str(submission), "--gold", str(root), "--format", "json",
                                "--resamples", str(resamples), "-o", str(work / out))
    return {
        "python": ([PY, "-c", "pass"], False),
        "import newsprep.eval": ([PY, "-c", "import newsprep.eval"], False),
        "orjson parse": ([PY, "-c", PARSE.format(module="orjson"), str(sub), *gold], False),
        "json parse": ([PY, "-c", PARSE.format(module="json"), str(sub), *gold], False),
        "newsprep score": (score(sub, "r0.json"), True),
        "newsprep score, gold read as JSON": ([PY, "-c", JSON_GOLD, *score(sub, "rj.json")[3:]], True),
        "newsprep score --resamples 1000": (score(sub, "r1000.json", 1000), True),
        "newsprep score, shuffled file": (score(work / "shuffled.jsonl", "rs.json"), True),
        "newsprep score (entities)": (score(work / "entities.jsonl", "re.json"), True),
        "seqeval f1_score": ([PY, "-c", SEQEVAL_F1, str(work / "seqeval.jsonl")], True),
        "seqeval classification_report": ([PY, "-c", SEQEVAL_REPORT, str(work / "seqeval.jsonl")], True),
        "nervaluate": ([PY, "-c", NERVALUATE, str(work / "nervaluate.jsonl")], True),
        "orjson parse (duplicates)": ([PY, "-c", PARSE.format(module="orjson"), str(dup), *dup_gold], False),
        "newsprep score (duplicates)": (newsprep_command("score", str(dup), "--gold", str(dup_root), "--format", "json",
                                                         "--resamples", "0", "-o", str(work / "rd.json")), True),
    }


RATIOS = {  # name -> (numerator, denominator, subtract denominator first)
    "score_over_orjson_parse": ("newsprep score", "orjson parse", False),
    "score_over_json_parse": ("newsprep score", "json parse", False),
    "json_gold_over_columns": ("newsprep score, gold read as JSON", "newsprep score", False),
    "seqeval_f1_over_newsprep_entities": ("seqeval f1_score", "newsprep score (entities)", False),
    "seqeval_report_over_newsprep_entities": ("seqeval classification_report", "newsprep score (entities)", False),
    "nervaluate_over_newsprep_entities": ("nervaluate", "newsprep score (entities)", False),
    "bootstrap_added": ("newsprep score --resamples 1000", "newsprep score", True),
    "shuffled_over_ordered": ("newsprep score, shuffled file", "newsprep score", False),
    "duplicates_score_over_orjson_parse": ("newsprep score (duplicates)", "orjson parse (duplicates)", False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--pair-docs", type=int, default=300, help="documents of the corpus with pair layers")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsprep-cost-") as folder:
        work = Path(folder)
        os.environ["NEWSPREP_CACHE"] = str(work / "cache")  # the validation record of these corpora only
        root, dup_root = work / "corpus", work / "pairs"
        write_corpus(root, docs=args.docs, seed=args.seed, paragraphs=PARAGRAPHS, validate=False, scoring_only=True)
        write_corpus(dup_root, docs=args.pair_docs, seed=args.seed, paragraphs=PARAGRAPHS, pairs=True, validate=False)
        validated = {name: run(newsprep_command("validate-data", "--root", str(r)), stdout_json=True)
                     for name, r in (("corpus", root), ("pairs", dup_root))}
        write_predictions(root, work / "pred.jsonl")
        shuffled(work / "pred.jsonl", work / "shuffled.jsonl", args.seed)
        peer_inputs(root, work)
        duplicates_submission(dup_root, work / "duplicates.jsonl")
        todo = commands(root, dup_root, work)
        clear(work / "cache")
        first = run(todo["newsprep score"][0], stdout_json=True)  # makes the gold's columns
        rounds: list[dict[str, dict]] = []
        load_at_start = load()
        for _ in range(args.runs):
            rounds.append({name: run(command, stdout_json=reads) for name, (command, reads) in todo.items()})
        assert (work / "rj.json").read_bytes() == (work / "r0.json").read_bytes(), "the two gold readers disagree"
        ours = strict_micro(work / "re.json")
        for peer in ("seqeval f1_score", "seqeval classification_report", "nervaluate"):
            theirs = rounds[0][peer]["output"]
            assert all(abs(ours[k] - theirs[k]) < 1e-12 for k in theirs), f"{peer} disagrees: {theirs} != {ours}"
        mb = {name: round(statistics.median(r[name]["output"]["peak_mb"] for r in rounds))
              for name in ("newsprep score", "newsprep score, shuffled file")}
        sizes = {"submission_mb": round((work / "pred.jsonl").stat().st_size / 1e6, 1),
                 "gold_mb": round(sum((root / "data" / f"{n}.jsonl").stat().st_size for n in ("documents", "boilerplate", "entities")) / 1e6, 1),
                 "records": sum(1 for _ in open(work / "pred.jsonl", encoding="utf-8")) - 1,
                 "pair_segments": sum(1 for _ in open(dup_root / "data/segments.jsonl", encoding="utf-8")),
                 "pairs": sum(1 for _ in open(dup_root / "data/duplicate_pairs.jsonl", encoding="utf-8"))}
    medians = {name: {"cpu_s": round(statistics.median(r[name]["cpu_s"] for r in rounds), 3),
                      "wall_s": round(statistics.median(r[name]["wall_s"] for r in rounds), 3)} for name in todo}
    ratios = {}
    for name, (top, bottom, added) in RATIOS.items():
        per_round = [((r[top]["cpu_s"] - r[bottom]["cpu_s"]) if added else r[top]["cpu_s"]) / r[bottom]["cpu_s"] for r in rounds]
        ratios[name] = round(statistics.median(per_round), 2)
    measured = {**ratios, "import_cpu_s": medians["import newsprep.eval"]["cpu_s"]}
    targets = [{"name": name, "what": what, "target": f"{direction} {limit}", "measured": measured[name],
                "met": measured[name] <= limit if direction == "at most" else measured[name] >= limit}
               for name, what, limit, direction in TARGETS]
    results = {"machine": machine(), "docs": args.docs, "pair_docs": args.pair_docs, "runs": args.runs,
               "paragraphs": list(PARAGRAPHS), "load_average_at_start": load_at_start, "load_average_at_end": load(),
               "sizes": sizes, "validate_cpu_s": {k: round(v["cpu_s"], 2) for k, v in validated.items()},
               "first_score_cpu_s": round(first["cpu_s"], 3),
               "medians": medians, "ratios": ratios, "peak_mb": mb, "targets": targets, "strict_micro": ours}
    print(table(["process", "CPU s (median)", "wall s (median)"], [[n, m["cpu_s"], m["wall_s"]] for n, m in medians.items()]))
    print()
    print(table(["ratio", "median of rounds"], [[k, v] for k, v in ratios.items()]))
    print()
    print(table(["target", "measured", "met"], [[t["what"] + " " + t["target"], t["measured"], t["met"]] for t in targets]))
    save(args.out, results)


if __name__ == "__main__":
    main()
