"""CoNLL-2003 / IOB2 files: a ``-DOCSTART-`` line starts a document, a blank line ends a sentence, and every
other line is ``TOKEN [other columns] TAG``, the token first and the tag last: a line with a tab is split at
tabs, else at ASCII spaces (``columns``); a token that holds white space (U+00A0, say) is refused (rule
``token-space``), since the text rule could not give it back. Tags are IOB2 (O, B-X, I-X); IOB1 is read too: an
I-X that continues no X span starts one. The lines before the first ``-DOCSTART-`` are a document of their own
(line 1), so a file without ``-DOCSTART-`` is one document.

The text rule: a sentence's text is its tokens joined by one space; a document's text is its sentences joined
by one line end ("\\n"); no newline at the end.

Documents are named ``document K`` (1-based, in file order) and each span ``line N``, the line of its first
token. The reader holds one document at a time, of at most ``MAX_TEXT_CHARS`` characters (``text-size``); a
line is at most ``MAX_LINE_BYTES`` (``line-size``). Once a line cannot be read (bad UTF-8, no tag, a tag that is
not O, B-X or I-X) or a document has no token, no further document is yielded: the file is read to its end
and ``InvalidInput`` lists every problem.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.conll"
>>> _ = path.write_text("-DOCSTART- -X- O O\\n\\nKim B-PER\\nJong I-PER\\nleft O\\n\\nHe O\\n")
>>> [doc] = read(path)
>>> doc.text, doc.sentences, doc.spans[0].start, doc.spans[0].end, doc.spans[0].where
('Kim Jong left\\nHe', ((0, 13), (14, 16)), 0, 8, 'line 3')
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsprep.eval.corpus.build import MAX_TEXT_CHARS
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.data.tokens import tags_to_spans
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, Problem, stop_problem
from newsprep.eval.export.conll import TAG
from newsprep.eval.io.jsonl import MAX_LINE_BYTES, STREAMED_BYTES, file_problem, read_lines

NAME = "conll"
DESCRIPTION = "CoNLL-2003 / IOB2 text: TOKEN [columns] TAG lines, a blank line after each sentence, -DOCSTART- before each document"

Row = tuple[str, str, int]  # (token, tag, line)


def read(src: Path) -> Iterator[SourceDoc]:
    """The documents of ``src`` one at a time, in file order (see the module docstring)."""
    label, count = str(src), 0
    problems: list[Problem] = []
    start: int | None = 1  # the document being read: its first line, its -DOCSTART- line, its sentences, its size
    header: str | None = None
    sentences: list[list[Row]] = [[]]
    size = 0  # its tokens' characters, each with the space or line end after it: its text's length + 1
    for number, line in lines(Path(src), label, problems):
        cols = columns(line)
        if number is not None and cols[:1] != ["-DOCSTART-"]:  # a token line or a blank line
            if not line.strip():
                if sentences[-1]:
                    sentences.append([])
            elif size <= MAX_TEXT_CHARS + 1:  # the rows past the limit are not kept
                if len(cols) < 2 or not cols[0]:
                    problems.append(Problem(label, number, "-", "columns", f"{line[:60]!r}: expected 'TOKEN ... TAG'"))
                elif not TAG.fullmatch(cols[-1]):
                    problems.append(Problem(label, number, "tag", "bio-tag", f"{cols[-1][:30]!r} in {line[:60]!r}: expected O, B-X or I-X"))
                elif space := next((c for c in cols[0] if c.isspace()), None):
                    problems.append(Problem(label, number, "token", "token-space", f"token {cols[0][:30]!r} holds white "
                                            f"space U+{ord(space):04X}; the text rule joins tokens with a space"))
                sentences[-1].append((cols[0], cols[-1], number))  # a bad row too: its document is not also empty
                size += len(cols[0]) + 1
                if size > MAX_TEXT_CHARS + 1:
                    problems.append(Problem(label, start, "-DOCSTART-" if header else "-", "text-size", f"document "
                                            f"{count + 1}: more than {MAX_TEXT_CHARS} characters (at line {number}); "
                                            "at most that a document; split it with -DOCSTART- lines"))
        else:  # a -DOCSTART- line or the end of the file: the document read so far is complete
            if sentences[0]:
                count += 1
                if not problems:
                    yield document(f"document {count}", label, start, sentences)
            elif header is not None or (count == 0 and number is None):
                count += 1
                end = f"line {number}" if number else "the end of the file"
                problems.append(Problem(label, start if header else None, "-DOCSTART-" if header else "-", "empty-document",
                                        f"document {count} ({header!r}) has no token before {end}" if header
                                        else "the file has no token"))
            start, header, sentences, size = number, line.strip(), [[]], 0
        if len(problems) >= MAX_PROBLEMS:
            raise InvalidInput(problems[:MAX_PROBLEMS] + [stop_problem(label, number)])
    if problems:
        raise InvalidInput(problems)


def columns(line: str) -> list[str]:
    """The fields of a line: split at tabs where it has one, else at (runs of) ASCII spaces; each without the ASCII
    spaces and tabs around it. Other white space (U+00A0 and the like) splits nothing: it stays in its field.

    >>> columns("New\\u00a0York B-GPE"), columns("Putin\\tNNP\\t\\tB-PER")
    (['New\\xa0York', 'B-GPE'], ['Putin', 'NNP', '', 'B-PER'])
    """
    line = line.strip(" \t")
    return [c.strip(" ") for c in line.split("\t")] if "\t" in line else [c for c in line.split(" ") if c]


def lines(src: Path, label: str, problems: list[Problem]) -> Iterator[tuple[int | None, str]]:
    """``(number, line)`` for each line of ``src`` without its line end, then ``(None, "")``; a line that is
    not UTF-8 is reported in ``problems`` and read with U+FFFD in place of its bad bytes, one longer than
    ``MAX_LINE_BYTES`` (``line-size``) is skipped unread. ``src`` must be a regular file (``file_problem``)."""
    if found := file_problem(src, label, max_bytes=STREAMED_BYTES):
        raise InvalidInput([found])
    try:
        handle = src.open("rb")
    except OSError as err:
        raise InvalidInput([Problem(label, None, "-", "readable", err.strerror or str(err))]) from None
    with handle:
        for number, (raw, length) in enumerate(read_lines(handle), start=1):
            if raw is None:
                problems.append(Problem(label, number, "-", "line-size", f"{length} bytes > limit {MAX_LINE_BYTES}"))
                yield number, ""
                continue
            raw = raw.rstrip(b"\r\n").removeprefix(b"\xef\xbb\xbf" if number == 1 else b"")  # a byte order mark
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                bad = raw[err.start:err.end]
                problems.append(Problem(label, number, "-", "utf-8", f"byte {err.start} ({bad!r}) of {raw[:60]!r} is not UTF-8"))
                line = raw.decode("utf-8", "replace")
            yield number, line
    yield None, ""


def document(name: str, file: str, line: int | None, sentences: list[list[Row]]) -> SourceDoc:
    """One document by the text rule from its sentences of ``(token, tag, line)`` rows."""
    texts, bounds, spans, pos = [], [], [], 0
    for sentence in filter(None, sentences):
        tokens = []
        for token, _, _ in sentence:
            tokens.append((token, pos, pos + len(token)))
            pos += len(token) + 1  # the space after a token, or the line end after a sentence
        first = {start: number for (_, start, _), (_, _, number) in zip(tokens, sentence)}
        spans += [SourceSpan(s, e, x, f"line {first[s]}", line=first[s]) for s, e, x in tags_to_spans(tokens, [t for _, t, _ in sentence])]
        texts.append(" ".join(t for t, _, _ in sentence))
        bounds.append((tokens[0][1], tokens[-1][2]))
    return SourceDoc(name, "\n".join(texts), tuple(spans), file, line, tuple(bounds))
