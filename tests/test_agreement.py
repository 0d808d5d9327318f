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
    from newsprep.eval.metrics.prf import prf, total
    from newsprep.eval.types import TYPES, Mention
    from tests.oracle.entities import Partial, Type

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


SAME = ("near_duplicate", "paraphrase")


def annotation_rows(name: str) -> list[dict]:
    folder = data.dataset_dir() / "annotation"
    return [json.loads(l) for l in (folder / f"duplicates.{name}.jsonl").read_text(encoding="utf-8").splitlines() if l]


def earlier_gold(release: str) -> dict[tuple[str, str], str]:
    """The gold labels of 0.4.3 or 0.5.0, derived from the stored files: 0.5.0 by the rules of that release, 0.4.3
    from 0.5.0 with every pair the re-check changed put back as its ``recheck`` block had it."""
    from newsprep.eval.maintain.duplicates import derive

    gold = {(r["a"], r["b"]): r["label"] for r in
            derive(annotation_rows("pass_a"), annotation_rows("pass_b"), annotation_rows("adjudication"), release="0.5.0")}
    if release == "0.4.3":
        for r in annotation_rows("adjudication"):
            if r["release"] == "0.5.0":
                gold[(r["a"], r["b"])] = r["recheck"]["was_label"] or "unrelated"
    return gold


def blind_agreement() -> dict[str, list[str]]:
    """Each row of the guidelines' table of the blind passes, recomputed: agreement and Cohen's kappa, same content
    or not and 4 labels (a pair not listed is ``unrelated``), on the pairs of the blind passes."""
    from sklearn.metrics import cohen_kappa_score

    a, b = ({(r["a"], r["b"]): r["label"] for r in annotation_rows(f"blind_pass_{p}")} for p in ("a", "b"))
    assert a.keys() == b.keys()
    keys = sorted(a)
    labels = {"blind A": a, "blind B": b, "0.4.3": earlier_gold("0.4.3"), "0.5.0": earlier_gold("0.5.0")}
    rows = {}
    for x, y in (("blind A", "blind B"), ("blind A", "0.4.3"), ("blind B", "0.4.3"), ("blind A", "0.5.0"),
                 ("blind B", "0.5.0"), ("0.4.3", "0.5.0")):
        lx, ly = ([labels[n].get(k, "unrelated") for k in keys] for n in (x, y))
        sx, sy = ([v in SAME for v in lab] for lab in (lx, ly))
        rows[f"{x} / {y}"] = [str(sum(p == q for p, q in zip(sx, sy))), f"{cohen_kappa_score(sx, sy):.3f}",
                              str(sum(p == q for p, q in zip(lx, ly))), f"{cohen_kappa_score(lx, ly):.3f}"]
    return rows


def test_blind_pass_agreement_matches_guidelines():
    guide = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
    assert "| comparison (199 pairs) |" in guide
    for label, values in blind_agreement().items():
        row = re.search(r"^\| " + re.escape(label) + r" \| ([^\n]+) \|$", guide, re.M)
        assert row, label
        assert [v.strip() for v in row.group(1).split("|")] == values, label


def test_blind_pass_confusion_matches_guidelines():
    from sklearn.metrics import confusion_matrix

    labels = ["near_duplicate", "paraphrase", "related"]
    a, b = ([r["label"] for r in annotation_rows(f"blind_pass_{p}")] for p in ("a", "b"))
    assert [(r["a"], r["b"]) for r in annotation_rows("blind_pass_a")] == [(r["a"], r["b"]) for r in annotation_rows("blind_pass_b")]
    guide = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
    table = guide[guide.index("| blind A \\ blind B |"):]
    for label, counts in zip(labels, confusion_matrix(a, b, labels=labels)):
        row = re.search(r"^\| " + label + r" \| ([0-9 |]+)\|$", table, re.M)
        assert row, label
        assert [int(x) for x in row.group(1).split("|")] == list(counts)


def test_blind_figures_in_card_and_datasheet_match():
    """The card and the datasheet quote the blind passes' kappas as the guidelines do."""
    rows = blind_agreement()
    root = data.dataset_dir()
    for page in ((root / "README.md").read_text(encoding="utf-8"), (root.parent / "DATASHEET.md").read_text(encoding="utf-8")):
        text = " ".join(page.split())
        assert f"Cohen's kappa {rows['blind A / blind B'][1]}" in text
        for other in ("0.4.3", "0.5.0"):
            kappas = f"{rows[f'blind A / {other}'][1]} and {rows[f'blind B / {other}'][1]}"
            assert f"{kappas} with the {other} labels" in text, other


def test_blind_passes_are_in_id_order_and_consistent_with_their_scores():
    for p in ("a", "b"):
        rows = annotation_rows(f"blind_pass_{p}")
        assert len(rows) == 199 and all(r["a"] < r["b"] for r in rows)
        assert all((r["label"] in SAME) == (r["score"] >= 3) for r in rows)
