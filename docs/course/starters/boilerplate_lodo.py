"""Exercise boilerplate-lodo (boilerplate, medium): a line classifier, trained and scored leave-one-document-out.

Scraped articles carry share widgets, captions, bylines and link lists. The
gold ``boilerplate`` layer marks them as character spans; a simple system
judges whole lines. Five documents are too few for a test set of their own,
so a learned system is trained on four documents and predicts the fifth, five
times: ``npe.folds(config)`` gives those five train/test splits of a config
(``fold.train``, ``fold.test``: ``datasets.Dataset`` objects; ``fold.held_out``:
the test document).

Write four functions.

1. ``line_spans(text)``: each non-empty line of the text as an ``npe.Span``,
   without the line's leading and trailing white space (a line of white space
   only is empty). Offsets are into ``text``; lines end at ``"\\n"``.
2. ``label_lines(text, lines, gold)``: one bool per line, True when more than
   half of the line's non-white-space characters lie inside the gold spans.
3. ``classify(train_lines, train_labels, test_lines)``: your classifier. It
   learns from the training lines (strings) and their labels, and returns one
   bool per test line (True: boilerplate). Anything goes: rules, scikit-learn.
4. ``predict_lodo(classify)``: for each of the five folds, the lines and labels
   of the four training documents go to ``classify`` with the lines of the
   held-out document; return ``{doc_id: [Span of each line predicted
   boilerplate]}`` for the five documents. ``classify`` must never see a line
   of the document it predicts, as a line or as a label.

The checker calls ``predict_lodo`` with a classifier of its own, to see what
each call was given, then with yours, and scores the result: your classifier
passes when its leave-one-document-out character F1 is at least 0.25 and its
content-token F1 at least 0.88 (marking nothing gives 0.875). These numbers are
honest in a way that rules written while reading all five documents are not.

Run this file to try them; check them with

    newsprep exercise check boilerplate-lodo boilerplate_lodo.py
"""
import newsprep.eval as npe


def line_spans(text: str) -> list[npe.Span]:
    """Each non-empty line of the text, without its surrounding white space, as a Span."""
    raise NotImplementedError("line_spans: your code here")


def label_lines(text: str, lines: list[npe.Span], gold: list[npe.Span]) -> list[bool]:
    """True for a line more than half of whose non-space characters lie in gold boilerplate."""
    raise NotImplementedError("label_lines: your code here")


def classify(train_lines: list[str], train_labels: list[bool], test_lines: list[str]) -> list[bool]:
    """Your classifier: learn from the training lines, return one bool per test line."""
    return [False for _ in test_lines]


def predict_lodo(classify) -> dict[str, list[npe.Span]]:
    """Each document's boilerplate lines, predicted by ``classify`` trained on the other four documents."""
    raise NotImplementedError("predict_lodo: your code here")


if __name__ == "__main__":
    predicted = predict_lodo(classify)
    records = [npe.spans_record(doc, spans) for doc, spans in predicted.items()]
    report = npe.score(records, resamples=0)
    print(report.get("boilerplate", "chars").value, report.get("boilerplate", "content_tokens").value)
