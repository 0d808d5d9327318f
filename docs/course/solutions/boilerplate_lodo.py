"""Reference solution of the exercise boilerplate-lodo (for instructors; the tests check it passes)."""
import math
import re

import newsprep.eval as npe

TIMESTAMP = re.compile(r"^\d+ (second|minute|hour|day)s? ago$")


def line_spans(text: str) -> list[npe.Span]:
    """Each non-empty line of the text, without its surrounding white space, as a Span."""
    spans, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            spans.append(npe.Span(start, start + len(stripped)))
        pos += len(raw) + 1
    return spans


def label_lines(text: str, lines: list[npe.Span], gold: list[npe.Span]) -> list[bool]:
    """True for a line more than half of whose non-space characters lie in gold boilerplate."""
    inside = {i for span in gold for i in range(span.start, span.end)}
    labels = []
    for line in lines:
        chars = [i for i in range(line.start, line.end) if not text[i].isspace()]
        labels.append(2 * sum(i in inside for i in chars) > len(chars))
    return labels


STOP_WORDS = set("the a an of to in on for and or but with by from at as is was are has had it its that this "  # noqa: SIM905
                 "he she they we you i his her their be will would not".split())


def features(line: str) -> list[float]:
    """What tells a line of boilerplate: length, end punctuation, stop words, capitals, digits, stamps."""
    words = line.split()
    n = max(1, len(words))
    return [
        math.log1p(len(words)),
        float(line.endswith((".", "!", "?", '"', "”", "’"))),
        sum(w.lower() in STOP_WORDS for w in words) / n,
        sum(w[:1].isupper() for w in words) / n,
        float(any(c.isdigit() for c in line)),
        float(bool(TIMESTAMP.match(line))),
        float(line.startswith("(") and line.endswith(")")),
        float(line[:1].islower()),
    ]


def classify(train_lines: list[str], train_labels: list[bool], test_lines: list[str]) -> list[bool]:
    """Logistic regression over the line features, fitted on the training lines only."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit([features(l) for l in train_lines], train_labels)
    return [bool(p) for p in model.predict([features(l) for l in test_lines])]


def predict_lodo(classify) -> dict[str, list[npe.Span]]:
    """Each document's boilerplate lines, predicted by ``classify`` trained on the other four documents."""
    out = {}
    for docs, gold in zip(npe.folds("documents"), npe.folds("boilerplate")):
        gold_spans = {row["doc"]: [npe.Span(s["start"], s["end"]) for s in row["spans"]] for row in gold.train}
        train_lines, train_labels = [], []
        for doc in docs.train:
            lines = line_spans(doc["text"])
            train_lines += [doc["text"][l.start:l.end] for l in lines]
            train_labels += label_lines(doc["text"], lines, gold_spans[doc["id"]])
        test = docs.test[0]
        lines = line_spans(test["text"])
        verdicts = classify(train_lines, train_labels, [test["text"][l.start:l.end] for l in lines])
        out[test["id"]] = [line for line, boilerplate in zip(lines, verdicts) if boilerplate]
    return out


if __name__ == "__main__":
    predicted = predict_lodo(classify)
    records = [npe.spans_record(doc, spans) for doc, spans in predicted.items()]
    print(npe.score(records, resamples=0).get("boilerplate", "chars").value)
