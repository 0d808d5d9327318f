"""Per-example records of the entities task: one per gold mention and one per predicted mention.

Each record holds its verdict under each SemEval-2013 scheme (``metrics.entity_arrays.RULES``), from the
matching the scores count (``greedy_matches``): a predicted mention is ``correct``, ``incorrect``, ``partial``
or ``spurious``; a gold mention takes the verdict of the prediction that took it, or is ``missed``. So the
gold records are the support, and per scheme the predicted records' verdicts and the gold records' misses are
the counts the report scores.

A record holds both mentions, gold (``gold_*``) and predicted (``pred_*``): its own, and the one it was matched
with by the strict scheme (None where there is none). The exact and partial schemes match alike; the type
scheme may match a prediction that spans two gold mentions with the other one (the one of its type), which
its verdicts under ``type`` show.

>>> from newsprep.eval.types import Mention
>>> text = "Putin met Lam in Hanoi."
>>> rows = mention_records("d000", text, [Mention(0, 5, "PERSON"), Mention(17, 22, "GPE")],
...                        [Mention(0, 5, "ORG"), Mention(10, 13, "PERSON")], ("PERSON", "ORG", "GPE"))
>>> [(r["side"], r["gold_text"], r["pred_text"], r["strict"], r["exact"]) for r in rows]
[('gold', 'Putin', 'Putin', 'incorrect', 'correct'), ('predicted', 'Putin', 'Putin', 'incorrect', 'correct'), ('predicted', None, 'Lam', 'spurious', 'spurious'), ('gold', 'Hanoi', None, 'missed', 'missed')]
"""
from __future__ import annotations

from collections.abc import Sequence

from newsprep.eval.metrics.entity_arrays import RULES, SCHEMES, greedy_matches
from newsprep.eval.types import POSITION, Mention

MENTION_FIELDS = ("start", "end", "type", "entity_id", "text")
FIELDS = ("task", "doc", "side", *(f"gold_{f}" for f in MENTION_FIELDS), *(f"pred_{f}" for f in MENTION_FIELDS), *SCHEMES)
OUTCOMES = SCHEMES
SIDES = ("gold", "predicted")
MATCHED_BY = SCHEMES[0]  # the scheme whose matching names a record's other mention: strict


def mention_fields(prefix: str, text: str, m: Mention | None) -> dict:
    if m is None:
        return dict.fromkeys(f"{prefix}_{f}" for f in MENTION_FIELDS)
    return {f"{prefix}_start": m.start, f"{prefix}_end": m.end, f"{prefix}_type": m.type,
            f"{prefix}_entity_id": m.entity_id, f"{prefix}_text": text[m.start:m.end]}


def mention_records(doc: str, text: str, gold: Sequence[Mention], pred: Sequence[Mention],
                    types: Sequence[str]) -> list[dict]:
    """The records of one document's gold and predicted mentions (types of ``types``, the label set's), by
    start, a gold mention before a predicted one starting with it."""
    number = {t: k for k, t in enumerate(types)}
    g, p = sorted(gold, key=POSITION), sorted(pred, key=POSITION)
    as_rows = lambda ms: [(m.start, m.end, number[m.type]) for m in ms]  # noqa: E731
    verdicts: tuple[dict, dict] = ({}, {})  # (gold, predicted): index -> scheme -> verdict
    partner: tuple[dict, dict] = ({}, {})  # the other side's mention matched by MATCHED_BY
    matched: dict[tuple[bool, bool], list[tuple[int, bool]]] = {}
    for name, rule in RULES.items():
        how = (rule.bounds, rule.typed)
        if how not in matched:
            matched[how] = greedy_matches(as_rows(g), as_rows(p), *how)
        for i, (j, right) in enumerate(matched[how]):
            verdict = "correct" if right else rule.otherwise if j >= 0 else "spurious"
            verdicts[1].setdefault(i, {})[name] = verdict
            if j >= 0:
                verdicts[0].setdefault(j, {})[name] = verdict
                if name == MATCHED_BY:
                    partner[0][j], partner[1][i] = p[i], g[j]
    records = []
    for side, mentions in enumerate((g, p)):
        for i, m in enumerate(mentions):
            other = partner[side].get(i)
            pair = (m, other) if side == 0 else (other, m)
            own = verdicts[side].get(i, {})
            records.append({"task": "entities", "doc": doc, "side": SIDES[side],
                            **mention_fields("gold", text, pair[0]), **mention_fields("pred", text, pair[1]),
                            **{name: own.get(name, "missed" if side == 0 else "spurious") for name in SCHEMES}})
    own_start = lambda r: r["gold_start"] if r["side"] == "gold" else r["pred_start"]  # noqa: E731
    own_end = lambda r: r["gold_end"] if r["side"] == "gold" else r["pred_end"]  # noqa: E731
    return sorted(records, key=lambda r: (own_start(r), SIDES.index(r["side"]), own_end(r)))


def record_key(record: dict) -> tuple:
    """A record's own mention: the same for two systems' records of one gold mention."""
    own = "gold" if record["side"] == "gold" else "pred"
    return (record["doc"], record["side"], *(record[f"{own}_{f}"] for f in ("start", "end", "type")))
