"""The agreement figures in the guidelines are recomputed from the stored annotation passes."""
import json
import re

from newsprep.eval.data import dataset as data


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


def guideline_value(label: str) -> float:
    guide = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
    row = re.search(r"^\| " + re.escape(label) + r" \| ([0-9.]+) \|", guide, re.M)
    assert row, f"guidelines have no row {label!r}"
    return float(row.group(1))


def entity_agreement() -> dict[str, float]:
    """Pass B scored against pass A: strict and exact by set intersection, partial and type by the harness."""
    from newsprep.eval.metrics.entities import TYPES, Partial, Type
    from newsprep.eval.metrics.prf import prf, total
    from newsprep.eval.types import Mention

    a, b = passes("entities")
    strict = [{(m["doc"], m["start"], m["end"], m["type"]) for m in p} for p in (a, b)]
    measured = {"strict micro F1": f1(*strict), "exact-boundary micro F1": f1(*[{x[:3] for x in s} for s in strict])}
    docs = sorted({m["doc"] for m in a + b})
    by_doc = [{d: sorted(Mention(m["start"], m["end"], m["type"]) for m in p if m["doc"] == d) for d in docs} for p in (a, b)]
    for name, scheme in (("partial micro F1", Partial()), ("type micro F1", Type())):
        measured[name] = prf(total(scheme.count(by_doc[0][d], by_doc[1][d]).counts() for d in docs)).f1
    for t in TYPES:
        typed = [{x for x in s if x[3] == t} for s in strict]
        if typed[0] or typed[1]:
            measured[f"strict F1 {t}"] = f1(*typed)
    return measured


def test_entity_agreement_matches_guidelines():
    for label, value in entity_agreement().items():
        assert guideline_value(label) == round(value, 3), label


def test_entity_id_clusters_and_titles_match_guidelines():
    """Two mentions share an id in pass A exactly when they do in pass B (pairwise F1 over mention pairs)."""
    from itertools import combinations

    a, b = passes("entities")
    key = lambda m: (m["doc"], m["start"], m["end"])  # noqa: E731
    common = sorted({key(m) for m in a if m["entity_id"]} & {key(m) for m in b if m["entity_id"]})
    ids = [{key(m): m["entity_id"] for m in p} for p in (a, b)]
    same = [{(x, y) for x, y in combinations(common, 2) if i[x] == i[y]} for i in ids]
    assert guideline_value("entity-id pairwise F1 (mentions both passes link)") == round(f1(*same), 3)
    tables = [{r["entity_id"]: r["wikipedia"] for r in p} for p in passes("entity_table")]
    titles = [{(k, tables[n][ids[n][k]]) for k in common if tables[n][ids[n][k]]} for n in (0, 1)]
    assert guideline_value("Wikipedia titles, F1 over mentions both passes link") == round(f1(*titles), 3)


def duplicate_passes():
    folder = data.dataset_dir() / "annotation"
    return [[json.loads(l) for l in (folder / f"duplicates.pass_{p}.jsonl").read_text(encoding="utf-8").splitlines()]
            for p in ("a", "b")]


def duplicate_agreement() -> dict[str, float]:
    from scipy.stats import spearmanr
    from sklearn.metrics import cohen_kappa_score

    a, b = ([r for r in p if r["cid"]] for p in duplicate_passes())
    la, lb = [r["label"] for r in a], [r["label"] for r in b]
    same = lambda labels: [x in ("near_duplicate", "paraphrase") for x in labels]  # noqa: E731
    reading = [{(r["a"], r["b"]) for r in p if r["cid"] is None} for p in duplicate_passes()]
    return {
        "candidates judged by both passes": len(a),
        "raw label agreement (4 labels)": sum(x == y for x, y in zip(la, lb)) / len(la),
        "Cohen's kappa, 4 labels": cohen_kappa_score(la, lb),
        "Cohen's kappa, same content vs not": cohen_kappa_score(same(la), same(lb)),
        "Spearman, scores": spearmanr([r["score"] for r in a], [r["score"] for r in b]).statistic,
        "pairs found by reading, F1 between passes": f1(*reading),
    }


def test_duplicate_agreement_matches_guidelines():
    for label, value in duplicate_agreement().items():
        assert guideline_value(label) == round(value, 3), label


def test_duplicate_confusion_table_matches_guidelines():
    from sklearn.metrics import confusion_matrix

    labels = ["near_duplicate", "paraphrase", "related", "unrelated"]
    a, b = ([r["label"] for r in p if r["cid"]] for p in duplicate_passes())
    guide = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
    for label, counts in zip(labels, confusion_matrix(a, b, labels=labels)):
        row = re.search(r"^\| " + label + r" \| ([0-9 |]+)\|$", guide, re.M)
        assert row, label
        assert [int(x) for x in row.group(1).split("|")] == list(counts)


def test_second_check_of_the_recheck_matches_guidelines():
    """The blind second pass over the pairs the 0.5.0 re-check changed (and 30 unchanged ones): the figures
    in the guidelines are recomputed from the stored labels."""
    from sklearn.metrics import cohen_kappa_score

    folder = data.dataset_dir() / "annotation"
    second = [json.loads(l) for l in (folder / "duplicates.recheck_pass_b.jsonl").read_text(encoding="utf-8").splitlines() if l]
    rechecked = {(r["a"], r["b"]): r["recheck"] for r in
                 (json.loads(l) for l in (folder / "duplicates.adjudication.jsonl").read_text(encoding="utf-8").splitlines() if l)
                 if "recheck" in r}
    gold = {(p["a"], p["b"]): p["label"] for p in data.records("duplicate_pairs")}
    same = {"near_duplicate", "paraphrase"}.__contains__
    mine = [same(r["label"]) for r in second]
    theirs = [same(gold[(r["a"], r["b"])]) for r in second]
    changed = [r for r in second if (r["a"], r["b"]) in rechecked]
    relabelled = [r for r in changed if rechecked[(r["a"], r["b"])]["was_label"] is not None]
    unchanged = [r for r in second if (r["a"], r["b"]) not in rechecked]
    measured = {
        "pairs judged": str(len(second)),
        "agreement with the 0.5.0 gold": str(sum(a == b for a, b in zip(mine, theirs))),
        "Cohen's kappa with the 0.5.0 gold": f"{cohen_kappa_score(mine, theirs):.3f}",
        "changed pairs on which the second pass agrees with the 0.5.0 gold":
            f"{sum(same(r['label']) == same(gold[(r['a'], r['b'])]) for r in changed)} of {len(changed)}",
        "relabelled pairs on which it agrees with the 0.4.3 label":
            f"{sum(same(r['label']) == same(rechecked[(r['a'], r['b'])]['was_label']) for r in relabelled)} of {len(relabelled)}",
        "unchanged pairs on which it agrees with the gold":
            f"{sum(same(r['label']) == same(gold[(r['a'], r['b'])]) for r in unchanged)} of {len(unchanged)}",
    }
    guide = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
    for label, value in measured.items():
        row = re.search(r"\| " + re.escape(label) + r" \| ([^|]+) \|", guide)
        assert row, label
        assert row.group(1).strip() == value, label
    assert len(changed) == len(rechecked)  # every changed pair was judged a second time
