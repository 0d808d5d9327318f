"""Entity label sets: a CoNLL-2003 submission is scored against the gold mapped to PER/LOC/ORG/MISC."""
from __future__ import annotations

import json

import pytest

import newsprep.eval as npe
from newsprep.eval.cli import main
from newsprep.eval.types import CONLL2003, CONLL_TYPES, TYPES, Mention, in_label_set


def conll_gold(*, header: bool = True) -> list[dict]:
    out = [{"task": "header", "dataset_version": npe.data_version(), "system": "gold-as-conll",
            "label_set": "conll2003"}] if header else []
    for record in npe.records("entities"):
        mentions = in_label_set([Mention(m["start"], m["end"], m["type"]) for m in record["mentions"]], "conll2003")
        out.append({"task": "entities", "doc": record["doc"],
                    "mentions": [{"start": m.start, "end": m.end, "type": m.type} for m in mentions]})
    return out


def test_the_mapping_covers_every_ontonotes_type_once():
    assert set(CONLL2003) == set(TYPES)
    assert {t for t in CONLL2003.values() if t} == set(CONLL_TYPES)
    assert [t for t, c in CONLL2003.items() if c is None] == ["DATE", "TIME", "PERCENT", "MONEY", "QUANTITY",
                                                              "ORDINAL", "CARDINAL"]


def test_mapping_by_hand():
    gold = [Mention(0, 5, "PERSON"), Mention(6, 11, "GPE"), Mention(12, 20, "FAC"), Mention(21, 25, "NORP"),
            Mention(26, 30, "CARDINAL"), Mention(31, 40, "ORG", "kremlin")]
    assert in_label_set(gold, "conll2003") == (Mention(0, 5, "PER"), Mention(6, 11, "LOC"), Mention(12, 20, "LOC"),
                                               Mention(21, 25, "MISC"), Mention(31, 40, "ORG", "kremlin"))
    assert in_label_set(gold, "ontonotes5") == tuple(gold)
    with pytest.raises(ValueError, match="unknown label set"):
        in_label_set(gold, "wnut17")


def test_gold_mapped_to_conll_scores_one_everywhere():
    report = npe.score(conll_gold(), resamples=100)
    scores = [r for r in report.rows if r.statistic in ("precision", "recall", "f1")]
    assert scores and all(r.value == 1.0 for r in scores)
    assert {r.metric for r in report.rows if r.metric.startswith("strict:")} == {f"strict:{t}" for t in CONLL_TYPES}
    assert all(r.signature.endswith("|labels:conll2003") for r in report.rows)
    support = report.get("entities", "strict", "support").value
    assert support == sum(CONLL2003[m["type"]] is not None for r in npe.records("entities") for m in r["mentions"])


def test_ontonotes_predictions_scored_in_the_conll_view_lose_only_the_numeric_types():
    """The OntoNotes gold itself, declared as CoNLL, is refused: its types are not CoNLL types."""
    records = [{"task": "header", "dataset_version": npe.data_version(), "system": "x", "label_set": "conll2003"}]
    records += [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
    with pytest.raises(npe.InvalidInput) as caught:
        npe.score(records)
    assert {p.rule for p in caught.value.problems} == {"label-set"}
    assert str(caught.value.problems[0]).startswith("record 2: mentions[")


def test_conll_types_without_the_header_are_refused():
    with pytest.raises(npe.InvalidInput, match="label-set"):
        npe.score(conll_gold(header=False))


def test_default_view_has_no_labels_in_its_signature():
    records = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
    assert not any("labels:" in r.signature for r in npe.score(records, resamples=0).rows)


def test_file_and_memory_agree_in_the_conll_view(tmp_path, capsys):
    path = tmp_path / "conll.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in conll_gold()), encoding="utf-8")
    assert main(["score", str(path), "--format", "json", "--resamples", "50", "--num-proc", "2"]) == 0
    from_file = json.loads(capsys.readouterr().out)["rows"]
    assert from_file == npe.score(conll_gold(), resamples=50).to_dict()["rows"]


def test_compare_refuses_two_label_sets():
    onto = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
    with pytest.raises(npe.NewsPrepError, match="like with like"):
        npe.compare(onto, conll_gold())
    same = npe.compare(conll_gold(), conll_gold(), resamples=20)
    assert [c.delta for c in same] == [0.0, 0.0, 0.0] and all("labels:conll2003" in c.signature for c in same)
