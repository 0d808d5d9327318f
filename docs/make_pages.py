"""Write docs/statistics.md and docs/boundaries.md, every number computed from the data.

    python docs/make_pages.py

The numbers come from ``newsprep.eval.course.statistics`` (resamples, the p-value floor, a simulation of the
smallest difference ``newsprep compare`` detects) and ``newsprep.eval.course.boundaries`` (the articles' own
boundary errors, judged by the harness's matching). ``tests/test_docs_pages.py`` makes both pages again and
fails when a committed page differs.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

from newsprep.eval import write_atomic
from newsprep.eval.course import boundaries, statistics
from newsprep.eval.metrics.entities import SCHEMES
from newsprep.eval.scoring.compare import p_floor
from newsprep.eval.settings import RESAMPLES

DOCS = Path(__file__).resolve().parent
RUNS = 200  # simulated pairs of systems per difference tried


def number(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def statistics_page() -> str:
    """The whole of docs/statistics.md."""
    n = 5
    found = [(h, statistics.detectable_difference(h, runs=RUNS),
              statistics.detection_rate(h, 0.0, runs=RUNS, simulation_seed=99)) for h in statistics.headline_items()]
    floor = p_floor(RESAMPLES)
    leave_out = "\n".join(
        f"| {k} | {number(statistics.share_leaving_out(k), 4)} | "
        + (f"about {number(2 * statistics.share_leaving_out(k), 2)}" if 2 * statistics.share_leaving_out(k) > floor
           else f"{number(floor, 4)} (the floor of {RESAMPLES} resamples)") + " |"
        for k in range(1, n + 1))
    rows = []
    for h, detection, null in found:
        units = sum(1 for unit in h.items if unit)
        shown = number(detection.difference) if detection.difference is not None else \
            f"none up to {number(max(detection.rates))}"
        rows.append(f"| {h.task} | {h.metric} | {h.unit} | {units} | {h.gold:,.0f} | {null:.0%} | {shown} |")
    chars = next(h for h, _, _ in found if h.metric == "chars")
    largest = max(sum(unit) for unit in chars.items)
    by_metric = {h.metric: (d, null) for h, d, null in found}
    entity_mdd = by_metric["strict, partial"][0].difference
    pairs = len(by_metric["same_content"][0].headline.items)
    return f"""\
# Statistics over five documents

Every interval and p-value NewsPrep prints comes from a bootstrap: the units
of a task are drawn with replacement, the score is computed again on each
draw, and the spread of those scores is read as the uncertainty of the
number. For boilerplate and entities the unit is the document, and there are
five of them; for duplicates it is the pair of segments. This page says what
that can and cannot tell you. Every number on it is computed from the data by
`python docs/make_pages.py` (the functions of `newsprep.eval.course.statistics`),
and a test makes the page again and fails when it differs.

## The bootstrap over five documents

A resample draws five documents with replacement from d000 … d004. There are
only {statistics.distinct_resamples(n)} different resamples (multisets of five
documents); a resample holds five different documents with probability
{number(math.factorial(n) / n ** n, 4)} (5! / 5⁵), and leaves out any given document with
probability {number(statistics.share_leaving_out(1))} ((4/5)⁵). The score of a
resample is computed from the counts of the documents drawn, summed (so a
document drawn twice counts twice), and the 95% interval is the 2.5th to
97.5th percentile of {RESAMPLES} such scores (`boot:{RESAMPLES}` in a signature).
`newsprep compare` draws the same documents for both systems in each resample
(a paired bootstrap) and reads the differences B − A.

## What the interval does and does not promise

It says how much the number would move if the five documents were drawn
again from a population of documents like them: same event, same sources,
same annotators. It does not promise:

- **95% coverage.** With five units the percentile bootstrap is too narrow. In
  the simulation below, two systems that differ in nothing get p < 0.05 from
  the paired bootstrap in {by_metric["strict, partial"][1]:.0%} of runs on the
  entity mentions, not 5%: the five documents carry less information than the
  interval suggests.
- **Anything beyond these documents.** Another event, other outlets, another
  genre or language, other annotators, another random seed of a learned
  system: none of these is resampled.
- **Independent pairs.** The duplicate intervals resample {pairs:,} pairs of
  segments as if they were independent, while they come from five documents;
  they are narrower than five documents justify.

## The p-value floor

The two-sided p-value of the paired bootstrap is
`2 × (against + 1) / (resamples + 1)`, where *against* counts the resamples
whose difference lies on the other side of zero (zero included). When no
resample goes against the difference, p is at its floor, 2 / (resamples + 1):
{number(p_floor(RESAMPLES), 4)} for {RESAMPLES} resamples, {number(p_floor(10_000), 4)}
for 10,000. With five documents that happens whenever **every document moves
the same way**, as in the tutorial's `rules` against `rules-surnames`: each
document gains a little, so every resample gains. The floor then says "the
five documents agree in direction", not how unlikely the difference is, and
more resamples only lower it. `newsprep compare` prints one line pointing
here when a p-value is at the floor.

## When two systems cannot be told apart

When the 95% interval of B − A holds zero, or p ≥ 0.05, the five documents
cannot tell the two systems apart; say so, whatever the difference of the
point values. One case is certain in advance: a difference that lies in some
documents only. A resample that draws none of them shows no difference at all,
and counts against it:

| documents that differ | share of resamples that draw none of them | p-value at least |
|---:|---:|---:|
{leave_out}

A change that helps one or two documents can never reach p < 0.05, however
large its gain there; it takes three documents moving the same way, and in
practice four or five.

## The smallest difference that can be detected

How large must a difference be for `newsprep compare` to detect it? A
simulation on the real units answers for each headline metric. Both systems
have a precision of {statistics.BASE}; system A finds each gold item (a mention, a
boilerplate span weighted by its characters, a content token, a duplicate
pair) with probability {statistics.BASE}, system B with a higher probability,
each item independently. For each gain tried, {RUNS} pairs of systems are drawn
and compared with the paired bootstrap of `newsprep compare` ({RESAMPLES}
resamples, its seed); the table gives the smallest expected F1 difference
detected at p < {statistics.ALPHA} in at least {statistics.POWER:.0%} of them, and
how often p < {statistics.ALPHA} when the two systems are alike.

| task | metric | unit | units with gold items | gold items | p < 0.05 with no difference | smallest detectable F1 difference |
|---|---|---|---:|---:|---:|---:|
{chr(10).join(rows)}

These are lower bounds. In the model the documents differ only by chance;
real systems find some documents harder than others, which widens every
interval: expect to need more than {number(entity_mdd or 0, 2)} of strict F1 before
a difference between two entity systems is more than noise. Boilerplate
characters are worse still: {largest:,.0f} of the {chars.gold:,.0f} gold characters
are one list at the end of d002, so a resample without d002 has almost nothing
to count. The near-duplicate task has two positive pairs in the whole
dataset: no difference in it can be detected.

What to do with this: report the interval with every number and the
signature that names how it was computed; compare systems with
`newsprep compare`, not by their point values; read a p-value at the floor as
agreement in direction; and treat any difference smaller than the table's as
unresolved by these five documents.
"""


def boundaries_page() -> str:
    """The whole of docs/boundaries.md."""
    found = boundaries.examples()
    rows = []
    for e in found:
        credit = boundaries.credit(e)
        cells = [f"{boundaries.verdict(credit[s])} ({number(boundaries.f1(credit[s]), 2)})" for s in SCHEMES]
        gold = " + ".join(f"`{e.text[m.start:m.end]}` {m.type}" for m in e.gold)
        pred = " + ".join(f"`{e.text[m.start:m.end]}` {m.type}" for m in e.predicted)
        rows.append(f"| {e.title} | {e.doc} | {gold} | {pred} | " + " | ".join(cells) + " |")
    contexts = "\n".join(f"- {e.title} ({e.doc}): `{e.context()}`" for e in found)
    avg = boundaries.averages()
    comma = next(e for e in found if e.title.startswith("one character"))
    return f"""\
# Boundary effects: strict, exact, partial and type credit side by side

NewsPrep scores entity mentions with the four schemes of SemEval-2013
(task 9.1), as nervaluate does:

| scheme | boundaries | type |
|---|---|---|
| strict | exact | must match |
| exact | exact | ignored |
| partial | overlap earns half | ignored |
| type | overlap | must match |

Each prediction is correct, incorrect or partial, or spurious when it
overlaps no gold mention; a gold mention no prediction takes is missed.
Precision is (correct + ½ partial) / predicted and recall (correct + ½
partial) / gold. The examples below are the articles' own: each is found in
the gold by a rule and paired with what a system typically predicts there,
then judged by the harness's own matching (`newsprep.eval.metrics.entities`).
`python docs/make_pages.py` writes this page from the data (the functions of
`newsprep.eval.course.boundaries`); a test makes it again and fails when it
differs. Each cell is the verdict and, in brackets, the F1 of the example on
its own.

| error | document | gold | predicted | strict | exact | partial | type |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

In context:

{contexts}

## Why one character costs a strict match but not a partial one

Strict and exact matching compare `[start, end)` for equality, so
`{comma.predicted_text}` for the gold `{comma.gold_text}` is as wrong as a wrong
name: the prediction is incorrect, counted once among the predictions and
once among the gold mentions, with no credit, so precision and recall both
fall. Partial matching gives the overlap half credit, and the type scheme
full credit when the type agrees. Determiners ("the Cold War"), titles
("President Vladimir Putin") and possessives are conventions, and the
annotation guidelines fix one (`dataset/ANNOTATION_GUIDELINES.md`); a system
trained on another convention loses strict points on every one of them. The
gap between strict and partial F1 in a report is therefore mostly boundary
convention and type, not missed names. A merged or split mention costs more
under every scheme: one of the two sides has an extra item that matches
nothing.

## Why exact macro F1 over types always equals strict macro F1

Macro F1 averages the F1 of each type. Per type, the gold and the predictions
are first restricted to that type (as nervaluate's per-type results), so two
mentions that meet there always have the same type: a prediction with the gold
boundaries is correct under exact and under strict alike, and every per-type
count, F1 and macro average agrees. Micro F1 counts all mentions at once,
where a prediction with the right boundaries and another type is correct for
exact and incorrect for strict. On the gold of all five documents with a
system's kind of errors (a determiner kept, every 7th mention missed, every
5th typed ORG):

| scheme | micro F1 | macro F1 over types |
|---|---:|---:|
{chr(10).join(f"| {s} | {number(avg.micro[s])} | {number(avg.macro[s])} |" for s in SCHEMES)}

Exact and strict differ in micro F1 ({number(avg.micro["exact"])} against
{number(avg.micro["strict"])}) and agree in macro F1
({number(avg.macro["exact"])}); a report that shows both macro numbers shows
the same number twice.
"""


PAGES = {"statistics.md": statistics_page, "boundaries.md": boundaries_page}


def main() -> int:
    for name, render in PAGES.items():
        write_atomic(DOCS / name, render())
        print(f"wrote docs/{name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
