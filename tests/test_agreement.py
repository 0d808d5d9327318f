"""The agreement figures in the guidelines are recomputed from the stored annotation passes."""
import json
import re

from newsprep.eval import data


def passes(name):
    folder = data.dataset_dir() / "annotation"
    return [[json.loads(l) for l in (folder / f"{name}.pass_{p}.jsonl").read_text(encoding="utf-8").splitlines() if l]
            for p in ("a", "b")]


def f1(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def test_boilerplate_agreement_matches_guidelines():
    texts = {d["id"]: d["text"] for d in data.records("documents")}
    a, b = passes("boilerplate")
    chars = [{(s["doc"], i) for s in p for i in range(s["start"], s["end"]) if not texts[s["doc"]][i].isspace()} for p in (a, b)]
    spans = [{(s["doc"], s["start"], s["end"]) for s in p} for p in (a, b)]
    labelled = [{(s["doc"], s["start"], s["end"], s["category"]) for s in p} for p in (a, b)]
    measured = {
        "character F1 over non-white-space characters": f1(*chars),
        "span exact-match F1 (offsets)": f1(*spans),
        "span exact-match F1 (offsets and category)": f1(*labelled),
    }
    guide = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
    for label, value in measured.items():
        row = re.search(r"\| " + re.escape(label) + r" \| ([0-9.]+) \|", guide)
        assert row, label
        assert float(row.group(1)) == round(value, 3)


def test_gold_boilerplate_equals_adjudicated_pass_a():
    a, _ = passes("boilerplate")
    gold = [(r["doc"], s["start"], s["end"], s["category"]) for r in data.records("boilerplate") for s in r["spans"]]
    assert gold == [(s["doc"], s["start"], s["end"], s["category"]) for s in a]
