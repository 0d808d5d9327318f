"""Write docs/statistics.md and docs/boundaries.md, every number computed from the data.

    python docs/make_pages.py

The numbers come from ``newsprep.course.statistics`` (the weight of each document, simulations of the
false-alarm rate of ``newsprep compare``, the coverage of the intervals and the smallest difference detected) and ``newsprep.course.boundaries`` (the articles' own
boundary errors, judged by the harness's matching). ``tests/test_docs_pages.py`` makes both pages again and
fails when a committed page differs.
"""
from __future__ import annotations

import sys
from pathlib import Path

import newsprep.eval as npe
from newsprep.course import boundaries, statistics
from newsprep.eval import write_atomic
from newsprep.eval.metrics.entities import SCHEMES
from newsprep.eval.settings import RESAMPLES

DOCS = Path(__file__).resolve().parent
RUNS = 400  # simulated runs per calibration and coverage figure
POWER_RUNS = 200  # simulated pairs of systems per difference tried


def number(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def percent(x: float) -> str:
    return f"{x:.0%}" if x >= 0.01 or x == 0 else "<1%"


def statistics_page() -> str:
    """The whole of docs/statistics.md."""
    headlines = statistics.headline_units()
    docs = sorted(npe.documents())
    weights = "\n".join(
        f"| {h.task} | {h.metric} | {h.gold:,.0f} | " + " | ".join(percent(sum(u) / h.gold) for u in h.items) + " |"
        for h in headlines if h.unit == "docs" and h.average == "micro")
    kappas = statistics.KAPPAS
    calibration, coverage_rows = [], []
    for h in headlines:
        perm = [statistics.false_alarm_rate(h, runs=RUNS, kappa=k, seed=int(k)) for k in kappas]
        perm_07 = [statistics.false_alarm_rate(h, runs=RUNS, kappa=k, seed=int(k), alpha=0.07) for k in kappas]
        boot = [statistics.false_alarm_rate(h, runs=RUNS, kappa=k, seed=int(k), test="bootstrap") for k in kappas]
        calibration.append(f"| {h.task} | {h.view} {h.metric} {h.average} | {h.unit} ({len(h.items)}) | "
                           + " / ".join(percent(x) for x in perm) + " | " + " / ".join(percent(x) for x in perm_07)
                           + " | " + " / ".join(percent(x) for x in boot) + " |")
        jk = [statistics.coverage(h, runs=RUNS, kappa=k, truth_runs=4000) for k in kappas]
        pb = [statistics.coverage(h, runs=RUNS, kappa=k, truth_runs=4000, method="percentile-boot") for k in kappas]
        printed = npe.measured_coverage(h.task, h.view, h.metric, h.average, "f1", npe.data_version())
        coverage_rows.append(f"| {h.task} | {h.view} {h.metric} {h.average} | " + " / ".join(number(x, 2) for x in jk)
                             + " | " + " / ".join(number(x, 2) for x in pb) + " | "
                             + (number(printed, 2) if printed is not None else "-") + " |")
    power = []
    for h in headlines:
        found = statistics.detectable_difference(h, runs=POWER_RUNS)
        if 2 / 2 ** len(h.items) >= statistics.ALPHA:
            shown = f"none: p is never below {2 / 2 ** len(h.items):.4f}"
        elif found.gain is None:
            shown = f"none up to a recall gain of {max(found.rates):.2f}"
        else:
            shown = f"recall +{found.gain:.2f}"
        power.append(f"| {h.task} | {h.view} {h.metric} {h.average} | {h.unit} | {len(h.items)} | {shown} |")
    floors = "\n".join(f"| {n} | {2 ** n:,} | {2 / 2 ** n:.4g} |" for n in (3, 4, 5, 6, 8, 10, 15))
    return f"""\
# Statistics over five documents

NewsPrep has five documents. Every interval and p-value it prints is
computed over **units** that can be taken as independent: the documents for
boilerplate and entities, and for duplicates the 15 pairs of documents (the
10 pairs across documents and the 5 documents with themselves), because two
segment pairs drawn from the same two articles are not independent. This page
says what that allows. Every number on it is computed from the data by
`python docs/make_pages.py` (the functions of `newsprep.course.statistics`),
and a test makes the page again and fails when it differs.

## Headlines no single document decides

A micro-averaged figure sums the counts of all documents, so a document with
most of the items decides it. The share of each metric's gold items in each
document:

| task | metric | gold items | {" | ".join(docs)} |
|---|---|---:|{"---:|" * len(docs)}
{weights}

One list at the end of d002 holds most of the boilerplate characters: a
system that cleans that list scores well on micro character F1 whatever it does
elsewhere. The boilerplate headline is therefore **character F1 averaged over
documents** (`avg:macro-docs`), as web-extraction benchmarks report the mean
over pages, with the median over documents (`avg:median-docs`) and the micro
figure beside it. Entities keep **strict micro F1** as the headline (the CoNLL
and seqeval convention), with strict F1 averaged over documents beside it.

## The paired test: permutation over units

`newsprep compare` and `npe.compare` run a **paired permutation test**
(approximate randomization; Noreen 1989, Riezler and Maxwell 2005, sacrebleu's
`--paired-ar`). Under the null hypothesis the two systems are exchangeable:
on any unit, which output is called A and which B could be swapped. The test
swaps A's and B's counts unit by unit in every one of the 2^n ways, computes
the metric difference from the summed counts each time, and reports the share
of swaps whose difference is at least as far from zero as the observed one.
Enumerated, the test is exact: it says p < α at most a share α of the time
when the systems do not differ, for any number of units. With more than 16
units, {RESAMPLES:,} random swaps are drawn (`--resamples` sets how many; `--seed`
which) and the p-value is (1 + k) / (draws + 1), which keeps the test valid
(`test:perm-drawn` in the signature instead of `test:perm-exact`).
The test is NewsPrep's own code rather than `scipy.stats.permutation_test`:
the statistic is a function of summed count vectors (four counts per unit,
or a value and a count), so one matrix product gives the sums of every swap
at once, in chunks of bounded memory, for any number of units; a test checks
that it gives SciPy's p-values (`permutation_type="samples"`, every swap
enumerated) on random cases.

The smallest p-value n units allow is 2 / 2^n (no swap and the swap of every
unit give the same absolute difference):

| units | swaps | smallest p |
|---:|---:|---:|
{floors}

**With five documents no difference can reach p < 0.05.** This is not a
defect of the test: five documents cannot support a smaller p-value, and the
percentile bootstrap that `compare` used before 0.6.0 printed p = 0.002 only
because its floor, 2 / (resamples + 1), is set by the number of resamples,
not by the data. `compare` prints the smallest p-value beside each p-value,
says when it is above 0.05, and gives a Holm-adjusted column for the metrics it
compares together (the p-values of the `p` column are per metric).

The interval of B − A that `compare` prints is the jackknife interval below,
over the same units. It rests on an assumption the permutation test does not
make (that the leave-one-out values are roughly normal), so it can exclude zero
while the test cannot reject: read the test.

No finer unit is offered. Sentences or mentions as units would give small
p-values on five articles, but they would answer "on sentences like these, from
these five articles", not "on new articles", and the harness does not print
that answer as if it were the other.

## Calibration: the test keeps its level

Two systems that do not differ are simulated on the real units: in each run,
every unit draws its own difficulty (a recall and a precision from Beta
distributions with mean {statistics.BASE} and concentration κ; the smaller κ,
the more the documents differ), and both systems draw their items from that
same process. The table gives how often p < 0.05 (and p < 0.07, a level five
documents can reach) in {RUNS} runs, for κ = {" / ".join(f"{k:g}" for k in kappas)},
with the percentile bootstrap of 0.5 beside it. The tests
(`tests/test_course_statistics.py`) require every rate of the permutation test
to stay within α + 3 Monte Carlo standard errors, and show the same check fails
for the bootstrap.

| task | metric | unit (n) | permutation, p < 0.05 | permutation, p < 0.07 | percentile bootstrap, p < 0.05 |
|---|---|---|---|---|---|
{chr(10).join(calibration)}

## Intervals and their measured coverage

`score` prints, with every number, the **jackknife interval** over the units:
the value ± Student's t with n − 1 degrees of freedom times the jackknife
standard error, each unit left out once (`ci:jackknife-t`; in corpora of more
than 100 documents, 100 contiguous groups of documents are left out in turn).
For a mean over documents this is the Student t interval. The median over
documents gets the distribution-free interval between order statistics
(`ci:order-stat`): with five documents, the smallest and the largest value,
which hold the median with probability 1 − 2/32 = 0.9375 whatever the
distribution.

Why this method: with five units the percentile bootstrap is too narrow (its
spread is that of the five values, read with normal rather than t quantiles).
The simulation measures the coverage of both on the real units (share of
{RUNS} runs whose interval holds the value estimated: the F1 of the expected
counts for a micro figure, the expected mean for a mean over documents), for
κ = {" / ".join(f"{k:g}" for k in kappas)}:

| task | metric | jackknife-t | percentile bootstrap | printed beside the interval |
|---|---|---|---|---|
{chr(10).join(coverage_rows)}

The jackknife gets close to 0.95 where the items are spread over the
documents, and no method gets there where one document holds nearly all of
them (character F1, micro; the two near-duplicate pairs). Where the lowest
measured coverage is below 0.93, `score`, `report` and the leaderboard print it
beside the interval (`newsprep.eval.measured_coverage`), on the data version it
was measured on: read such an interval as wider than it looks.

## What the test can detect

Power: B's recall is higher by a gain on every unit (κ = {statistics.KAPPA:g});
the smallest gain tried that the permutation test detects at p < 0.05 in
{statistics.POWER:.0%} of {POWER_RUNS} runs:

| task | metric | unit | units | smallest detectable difference |
|---|---|---|---:|---|
{chr(10).join(power)}

## Ranks on the leaderboard

For each task and headline metric, the leaderboard compares the best system
with every other one by the paired permutation test and adjusts the p-values
by Holm's method for the number of comparisons. A system whose adjusted p is at
least 0.05 is marked `tied` with the best. On five documents every
boilerplate and entity system is tied with the best: these documents cannot
rank them, and the table says so rather than ranking by point values.

## What no interval here promises

Nothing beyond these documents: another event, other outlets, another genre
or language, other annotators, another random seed of a learned system. None
of these is varied. The course exercise on the paired bootstrap keeps the
bootstrap as a thing to study, with its measured false-alarm rate above.
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
`newsprep.course.boundaries`); a test makes it again and fails when it
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
