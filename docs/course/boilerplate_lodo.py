"""The checker of the exercise boilerplate-lodo: ``line_spans`` and ``label_lines`` on a hand-made text and on
every document; ``predict_lodo`` with a classifier of the checker's own that records what each call was given
(the lines and labels of the four training documents, the lines of the fifth, never a line of the document it
predicts); then the student's ``classify`` through ``predict_lodo``, scored with the harness's boilerplate counts.

>>> from newsprep.course.exercises import check, solution_path
>>> print(check("boilerplate-lodo", solution_path("boilerplate-lodo")))
PASS boilerplate-lodo: 27 checks passed
  leave-one-document-out: character F1 0.371, content-token F1 0.897 (marking nothing: 0.000 and 0.875)
"""
from __future__ import annotations

from collections import Counter

from newsprep.course.student import Student, plain
from newsprep.eval.data.dataset import documents, records
from newsprep.eval.metrics.boilerplate import document_counts
from newsprep.eval.metrics.prf import prf, total
from newsprep.eval.types import Span

HAND = "  Headline of the day \n\nSpread the love\n   \nBody text, a sentence.\nLast line"
MIN_CHARS_F1, MIN_CONTENT_F1 = 0.25, 0.88


def lines_of(text: str) -> list[Span]:
    """Each non-empty line, trimmed, as a Span."""
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            out.append(Span(start, start + len(stripped)))
        pos += len(raw) + 1
    return out


def labels_of(text: str, lines: list[Span], gold: list[Span]) -> list[bool]:
    inside = {i for s in gold for i in range(s.start, s.end)}
    out = []
    for line in lines:
        chars = [i for i in range(line.start, line.end) if not text[i].isspace()]
        out.append(2 * sum(i in inside for i in chars) > len(chars))
    return out


def bounds(value) -> list[tuple]:
    """``(start, end)`` of each span given, whatever span type the student used."""
    try:
        return [(s.start, s.end) if hasattr(s, "start") else (s[0], s[1]) for s in value]
    except (TypeError, IndexError):
        return value


def as_bools(value) -> list:
    try:
        return [bool(v) for v in value]
    except TypeError:
        return value


def spy_rule(line: str) -> bool:
    return len(line.split()) < 4


class Spy:
    """A classifier that remembers what each call was given and marks lines of fewer than four words."""

    def __init__(self) -> None:
        self.calls: list[tuple[list, list, list]] = []

    def __call__(self, train_lines, train_labels, test_lines):
        # plain values (student.plain): the student's own types, with an __eq__ of their own, never reach a comparison
        train_lines, train_labels, test_lines = (list(plain(x)) for x in (train_lines, train_labels, test_lines))  # type: ignore[call-overload]
        self.calls.append((train_lines, train_labels, test_lines))
        return [spy_rule(str(line)) for line in test_lines]


def check(student: Student) -> list[str]:
    """Run every case; raises ``CaseFailed`` at the first wrong one; returns the notes of the report."""
    case = f"line_spans({HAND!r})"
    student.expect(case, bounds(student.call("line_spans", HAND, case=case)), bounds(lines_of(HAND)),
                   hint="leave out empty and blank lines; start and end without the surrounding white space")
    texts = {doc: d["text"] for doc, d in documents().items()}
    gold = {r["doc"]: [Span(s["start"], s["end"]) for s in r["spans"]] for r in records("boilerplate")}
    lines = {doc: lines_of(text) for doc, text in texts.items()}
    for doc, text in texts.items():
        case = f"line_spans(text of {doc})"
        student.expect(case, bounds(student.call("line_spans", text, case=case)), bounds(lines[doc]))
    hand_lines, hand_gold = lines_of(HAND), [Span(HAND.index("Spread"), HAND.index("Spread") + 15), Span(2, 10)]
    case = f"label_lines({HAND!r}, its lines, gold {hand_gold})"
    student.expect(case, as_bools(student.call("label_lines", HAND, hand_lines, hand_gold, case=case)),
                   labels_of(HAND, hand_lines, hand_gold), hint="more than half of the non-white-space characters")
    labels = {doc: labels_of(texts[doc], lines[doc], gold[doc]) for doc in texts}
    for doc, text in texts.items():
        case = f"label_lines(text of {doc}, its lines, its gold boilerplate)"
        student.expect(case, as_bools(student.call("label_lines", text, lines[doc], gold[doc], case=case)), labels[doc])
    line_texts = {doc: [texts[doc][l.start:l.end] for l in lines[doc]] for doc in texts}
    spy = Spy()
    case = "predict_lodo(a classifier of the checker's own)"
    predicted = student.call("predict_lodo", spy, case=case)
    student.require(f"{case}: classify called once per document", len(spy.calls) == len(texts),
                    expected=f"{len(texts)} calls", got=f"{len(spy.calls)} calls")
    seen = []
    for train_lines, train_labels, test_lines in spy.calls:
        held = next((doc for doc in texts if line_texts[doc] == [str(l) for l in test_lines]), None)
        student.require(f"{case}: the test lines of a call", held is not None,
                        expected="the lines of one document, in order", got=f"{len(test_lines)} lines: {test_lines[:3]}…")
        assert held is not None
        seen.append(held)
        others = [d for d in texts if d != held]
        given = Counter(zip(map(str, train_lines), map(bool, train_labels)))
        wanted = Counter((t, bool(lab)) for d in others for t, lab in zip(line_texts[d], labels[d]))
        leaked = sum(given[(t, lab)] > 0 for t, lab in zip(line_texts[held], labels[held]) if (t, lab) not in wanted)
        student.require(f"{case}: the training data of the call that predicts {held}", given == wanted,
                        expected=f"the {sum(wanted.values())} lines and labels of {', '.join(others)}",
                        got=f"{sum(given.values())} lines" + (f", {leaked} of them from {held} itself" if leaked else ""),
                        hint=f"train on the four other documents only: never on {held}, the one predicted" if leaked
                        else "each training line with its own label, from the four other documents")
    student.require(f"{case}: every document predicted once", sorted(seen) == sorted(texts),
                    expected=", ".join(texts), got=", ".join(seen))
    expected = {doc: [(l.start, l.end) for l, t in zip(lines[doc], line_texts[doc]) if spy_rule(t)] for doc in texts}
    try:
        got = {doc: bounds(spans) for doc, spans in dict(predicted).items()}
    except (TypeError, ValueError):
        got = predicted
    student.expect(f"{case}: its result, the spans of the lines it marked", got, expected,
                   hint="one span per line the classifier marked, keyed by the id of the document predicted")

    case = "predict_lodo(classify): your classifier, leave-one-document-out"
    mine = student.call("predict_lodo", student.function("classify"), case=case)
    try:
        spans = {doc: [Span(s, e) for s, e in bounds(mine[doc]) if 0 <= s < e <= len(texts[doc])] for doc in texts}
    except (TypeError, KeyError, IndexError, ValueError):
        spans = {}
    student.require(f"{case}: spans for every document", len(spans) == len(texts),
                    expected=f"{{doc: spans}} for {', '.join(texts)}", got=mine)
    counts = [document_counts(texts[doc], gold[doc], spans[doc]) for doc in texts]
    chars, content = (prf(total(c[key] for c in counts)).f1 for key in ("chars", "content_tokens"))
    result = f"character F1 {chars:.3f}, content-token F1 {content:.3f}"
    student.require(case, chars >= MIN_CHARS_F1 and content >= MIN_CONTENT_F1,
                    expected=f"character F1 >= {MIN_CHARS_F1} and content-token F1 >= {MIN_CONTENT_F1}", got=result,
                    hint="marking nothing gives 0 and 0.875, marking everything about 0.34 and 0: find lines with "
                         "few words, no final stop, time stamps")
    floor = [document_counts(texts[doc], gold[doc], []) for doc in texts]
    floor_chars, floor_content = (prf(total(c[key] for c in floor)).f1 for key in ("chars", "content_tokens"))
    return [f"leave-one-document-out: {result} (marking nothing: {floor_chars:.3f} and {floor_content:.3f})"]
