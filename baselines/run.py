"""Run every available baseline, validate and score its submission, write the leaderboard.

``newsprep baselines run`` (registered through the ``newsprep.commands`` entry
point, so the harness never imports a baseline). A baseline whose optional
extra is not installed is listed as skipped, with the install command.
"""
from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprep.eval import RESAMPLES, SEED, UsageError, data_version, score_file, write_atomic, write_submission

from . import boilerplate, duplicates, entities


@dataclass(frozen=True)
class Baseline:
    task: str
    name: str
    make: Callable  # returns predictions, or (predictions, chosen settings)
    settings: dict
    requires: str | None = None  # a module that must be importable
    extra: str | None = None  # the pip extra that provides it


BASELINES = [
    Baseline("boilerplate", "floor", boilerplate.floor, {"rule": "nothing is boilerplate"}),
    Baseline("boilerplate", "line-heuristics", boilerplate.heuristics,
             {"keep": "first line", "drop": "time stamps, URLs, <4 words, no terminal punctuation, stop words <10%, line before a time stamp"}),
    Baseline("boilerplate", "logistic-lodo", boilerplate.logistic, {"model": "LogisticRegression(C=1)", "cv": "leave-one-document-out"}),
    Baseline("boilerplate", "justext-lodo", boilerplate.justext, {"grid": "length_high x stopwords_low", "cv": "leave-one-document-out"},
             "justext", "justext"),
    Baseline("entities", "floor", entities.floor, {"rule": "no mentions"}),
    Baseline("entities", "rules", entities.rules, {"values": "regular expressions", "names": "capitalised sequences"}),
    Baseline("entities", "token-classifier-lodo", entities.token_classifier,
             {"model": "LogisticRegression(C=5) over token features", "tags": "IOB2", "cv": "leave-one-document-out"}),
    Baseline("entities", "spacy-sm", entities.spacy_ner, {"pipeline": entities.SPACY_MODEL}, "spacy", "spacy"),
    Baseline("duplicates", "exact-normalised", duplicates.exact, {"normalise": "lower case, no punctuation, single spaces"}),
    Baseline("duplicates", "tfidf-lodo", duplicates.tfidf, {"vectors": "TF-IDF words, sublinear tf", "thresholds": "leave-one-document-out"}),
    Baseline("duplicates", "minhash-lsh-lodo", duplicates.minhash, {"shingles": "word 3-grams", "num_perm": 128, "lsh_threshold": 0.1, "thresholds": "leave-one-document-out"},
             "datasketch", "minhash"),
]

HEADLINE = {  # (view, metric, average, statistic) shown in the leaderboard table
    "boilerplate": [("all", "chars", "micro", "precision"), ("all", "chars", "micro", "recall"), ("all", "chars", "micro", "f1"),
                    ("all", "spans_exact", "micro", "f1"), ("all", "content_tokens", "micro", "f1")],
    "entities": [("all", "strict", "micro", "f1"), ("all", "exact", "micro", "f1"), ("all", "partial", "micro", "f1"),
                 ("all", "type", "micro", "f1"), ("all", "strict", "macro-types", "f1"), ("content", "strict", "micro", "f1")],
    "duplicates": [("near_duplicate", "pairs", "micro", "f1"), ("same_content", "pairs", "micro", "f1"),
                   ("same_content", "ranking", "micro", "average_precision"),
                   ("same_content", "hard_negatives", "micro", "false_positive_rate"), ("graded", "ranking", "micro", "spearman")],
}


def available(b: Baseline) -> bool:
    return b.requires is None or importlib.util.find_spec(b.requires) is not None


def run_one(b: Baseline, out_dir: Path, *, resamples: int, seed: int) -> dict:
    started = time.perf_counter()
    made = b.make()
    predictions, chosen = made if isinstance(made, tuple) else (made, None)
    seconds = time.perf_counter() - started
    settings = {**b.settings, **({"chosen": chosen} if chosen else {})}
    path = write_submission(out_dir / "submissions" / f"{b.task}-{b.name}.jsonl", system=b.name, settings=settings,
                            **{b.task: predictions})
    report = score_file(path, resamples=resamples, seed=seed)  # validation first, as for any user
    rows = {(r.view, r.metric, r.average, r.statistic): r for r in report.rows}
    return {"task": b.task, "system": b.name, "settings": settings, "runtime_s": round(seconds, 2),
            "submission": path.relative_to(out_dir).as_posix(),
            "headline": [{"view": k[0], "metric": k[1], "average": k[2], "statistic": k[3], "value": rows[k].value,
                          "low": rows[k].low, "high": rows[k].high, "signature": rows[k].signature}
                         for k in HEADLINE[b.task] if k in rows],
            "rows": [r.__dict__ for r in report.rows]}


def run_all(out_dir: Path, *, resamples: int = RESAMPLES, seed: int = SEED, only: set[str] | None = None) -> dict:
    out_dir = Path(out_dir)
    results, skipped = [], []
    for b in BASELINES:
        if only and b.task not in only:
            continue
        if available(b):
            results.append(run_one(b, out_dir, resamples=resamples, seed=seed))
        else:
            skipped.append({"task": b.task, "system": b.name, "install": f"pip install 'newsprep[{b.extra}]'"})
    board = {"data_version": data_version(), "resamples": resamples, "seed": seed, "results": results, "skipped": skipped}
    write_text(out_dir / "leaderboard.json", json.dumps(board, indent=2, ensure_ascii=False) + "\n")
    write_text(out_dir / "leaderboard.md", markdown(board))
    return board


def write_text(path: Path, text: str) -> None:
    write_atomic(path, text)


def markdown(board: dict, *, runtime: bool = True) -> str:
    out = [f"# NewsPrep leaderboard (data {board['data_version']})", "",
           f"Scores with bootstrap 95% intervals over documents (duplicates: over pairs), "
           f"{board['resamples']} resamples, seed {board['seed']}. Learned systems and tuned thresholds use "
           f"leave-one-document-out: no document is scored by a model that saw it.", ""]
    for task in HEADLINE:
        entries = [r for r in board["results"] if r["task"] == task]
        if not entries:
            continue
        heads = [" ".join(x for x in (h[0], h[1], h[2], h[3]) if x not in ("all", "micro")) for h in HEADLINE[task]]
        out += [f"## {task}", "", "| system | " + " | ".join(heads) + (" | runtime (s) |" if runtime else " |"),
                "|---|" + "---|" * (len(heads) + runtime)]
        for e in entries:
            cells = [f"{h['value']:.3f} [{h['low']:.3f}, {h['high']:.3f}]" for h in e["headline"]]
            out.append(f"| {e['system']} | " + " | ".join(cells) + (f" | {e['runtime_s']:.1f} |" if runtime else " |"))
        out += ["", "Signatures:", ""] + sorted({f"- `{h['signature']}`" for e in entries for h in e["headline"]}) + [""]
    if board["skipped"]:
        out += ["Skipped (optional extra not installed): " + ", ".join(f"{s['system']} (`{s['install']}`)" for s in board["skipped"]), ""]
    return "\n".join(out)


def register(subparsers: Any, add_bootstrap_options: Callable[..., None]) -> None:
    """Adds ``newsprep baselines run`` to the CLI (``add_bootstrap_options``: the CLI's ``--resamples``/``--seed``)."""
    p = subparsers.add_parser("baselines", help="run every baseline, score it and write the leaderboard")
    sub = p.add_subparsers(dest="baselines_command", required=True, metavar="COMMAND")
    r = sub.add_parser("run", help="run, validate and score every available baseline")
    r.add_argument("--out", default="results", help="output folder (default: results)")
    r.add_argument("--task", action="append", choices=list(HEADLINE), help="only this task (repeatable)")
    add_bootstrap_options(r, output=False)
    r.set_defaults(func=command)


def command(args) -> int:
    if not args.out:
        raise UsageError("--out '': an empty path names nothing")
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise UsageError(f"--out {args.out}: not a folder")
    board = run_all(Path(args.out), resamples=args.resamples, seed=args.seed, only=set(args.task) if args.task else None)
    print(markdown(board))
    print(f"Wrote {Path(args.out) / 'leaderboard.md'} and {Path(args.out) / 'leaderboard.json'}")
    return 0
