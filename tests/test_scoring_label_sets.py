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
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.rule) == (2, "label_set", "label-set")
    assert "outside the header's label set conll2003:" in problem.detail and "ontonotes5 types" in problem.detail


def test_conll_types_without_the_header_are_refused():
    with pytest.raises(npe.InvalidInput, match="label-set"):
        npe.score(conll_gold(header=False))


def test_labels_outside_the_label_set_are_one_message_with_their_counts(tmp_path, capsys):
    """A CoNLL-labelled file written without label_set: one problem, at the first such record, counting the
    records and mentions it applies to and naming the label set they belong to (not one line per mention)."""
    records = conll_gold()
    del records[0]["label_set"]
    path = tmp_path / "conll.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    outside = [[m["type"] for m in r["mentions"] if m["type"] not in TYPES] for r in records[1:]]
    first = 2 + next(i for i, types in enumerate(outside) if types)
    counts = {t: sum(types.count(t) for types in outside) for t in {t for types in outside for t in types}}
    for partitions in ("1", "3"):
        assert main(["score", str(path), "--num-proc", partitions]) != 0
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if "label-set" in line]
        assert len(lines) == 1, err
        assert lines[0].startswith(f"{path}:{first}: label_set: label-set")
        assert f"{sum(map(bool, outside))} entities records, {sum(counts.values())} mentions," in lines[0]
        assert "(the default)" in lines[0] and '"label_set": "conll2003"' in lines[0]
        assert all(f"{t} x{n}" in lines[0] for t, n in counts.items())
        assert "Traceback" not in err


def test_labels_of_no_known_label_set_are_answered_with_the_types_expected():
    """The schema admits only the two label sets' types, so this advice needs a label set added later."""
    from newsprep.eval.tasks.entities import label_advice

    assert label_advice({"WEAPON", "PER"}, "conll2003").startswith("The conll2003 types are PER, LOC, ORG, MISC;")
    assert label_advice({"PERSON", "GPE"}, "conll2003") == ('They are all ontonotes5 types: name it in the header, '
                                                            '"label_set": "ontonotes5"')
