"""Entities from a Hugging Face token-classification pipeline's output: plain dicts, no ``transformers`` import.

The pipeline gives, for one text, a list of dicts with character offsets
``start`` and ``end`` and either

- ``entity_group`` (with an ``aggregation_strategy``): each dict is one mention; or
- ``entity`` (without aggregation): one dict per sub-token that is not ``O``,
  labelled ``B-PER``/``I-PER`` or with a bare label (``PER``). Sub-tokens are
  merged into mentions by the pipeline's own rule (``group_entities`` of its
  ``simple`` strategy): a dict continues the mention before it when it has the
  same type and is not ``B-``; a bare label counts as ``I-``. The pipeline
  leaves out ``O`` tokens, so where the dicts carry the token ``index``, a dict
  continues a mention only from the token right before it (an ``O`` between
  them separates, as in the pipeline); without ``index``, from the dict before it.

``score`` and ``word`` are not needed. ``label_map`` renames types
(``{"PER": "PERSON", "LOC": "GPE"}``); a type mapped to None is dropped, one
not in it is kept as it is. ``text`` is the document's text: each mention is
trimmed of surrounding white space (some tokenizers' offsets include the space
before a word) and must lie inside it.

A pipeline reads at most its model's length (512 tokens for most) and drops
the rest of a longer text without a word. So a long document is run a part at
a time: per segment, each part's output shifted into the document by
``offset=`` (the segment's ``start``), or in overlapping windows by
``mentions_from_hf_windows``. Given a whole document's ``text`` (no
``offset``), ``mentions_from_hf`` warns when the predictions stop well before
its end (``TRUNCATED_AFTER``).

>>> out = [{"entity": "B-PER", "score": 0.99, "index": 1, "word": "Pu", "start": 0, "end": 2},
...        {"entity": "I-PER", "score": 0.98, "index": 2, "word": "##tin", "start": 2, "end": 5},
...        {"entity": "B-LOC", "score": 0.97, "index": 5, "word": "Hanoi", "start": 17, "end": 22}]
>>> mentions_from_hf(out, label_map={"PER": "PERSON", "LOC": "GPE"})
[Mention(start=0, end=5, type='PERSON', entity_id=None), Mention(start=17, end=22, type='GPE', entity_id=None)]
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from newsprep.eval.adapters.record import label_map_argument, offset_argument, placed
from newsprep.eval.errors import InvalidInput, Problem, require_type, wrong_argument
from newsprep.eval.types import Mention

LABEL = "<predictions>"  # the "file" of a problem found in pipeline output given in memory
# Predictions that reach this far into a text (so the pipeline read a long input), then stop with at least this
# much text to go, were most likely cut at the model's length: mentions_from_hf warns.
TRUNCATED_AFTER = 1000  # characters
WINDOW_CHARS, STRIDE = 1000, 200  # mentions_from_hf_windows: well under 512 tokens of news text, and their overlap


def split_label(label: str) -> tuple[str, str]:
    """``(B or I, type)`` as the pipeline's ``get_tag`` reads a label: a bare label continues, like ``I-``.

    >>> split_label("B-PER"), split_label("I-PER"), split_label("PER")
    (('B', 'PER'), ('I', 'PER'), ('I', 'PER'))
    """
    if label.startswith(("B-", "I-")):
        return label[0], label[2:]
    return "I", label


def checked(predictions: Iterable[Mapping[str, Any]], text: str | None = None, offset: int = 0,
            where: str = "predictions", what: str = "the document text") -> list[Mapping[str, Any]]:
    """The dicts, after checking that each has integer offsets in order (inside ``text`` when given, once shifted
    by ``offset``) and a label; ``InvalidInput`` lists every problem, each at ``where[i]``."""
    items, problems = list(predictions), []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            problems.append(Problem(LABEL, None, f"{where}[{i}]", "object", f"expected a dict, got {type(item).__name__}"))
            continue
        for key in ("start", "end"):
            value = item.get(key)
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(Problem(LABEL, None, f"{where}[{i}].{key}", "offset",
                                        f"{value!r} is not a character offset (a slow tokenizer gives none: use a fast one)"))
        start, end = item.get("start"), item.get("end")
        if type(start) is int and type(end) is int:
            if not 0 <= start <= end:
                problems.append(Problem(LABEL, None, f"{where}[{i}].end", "offset-in-range",
                                        f"[{start}, {end}) is not within 0 <= start <= end"))
            elif (problem := placed(f"{where}[{i}].end", start, end, offset, text, file=LABEL, what=what)) is not None:
                problems.append(problem)
        label = item.get("entity_group", item.get("entity"))
        if not isinstance(label, str) or not label:
            problems.append(Problem(LABEL, None, f"{where}[{i}]", "label", "no entity_group or entity label"))
    if problems:
        raise InvalidInput(problems)
    return items


def groups(items: list[Mapping[str, Any]], text: str | None = None) -> list[tuple[str, int, int]]:
    """``(type, start, end)`` per mention: aggregated dicts as they are, sub-tokens merged.

    Two sub-tokens are consecutive when their ``index`` values follow each other; without ``index``,
    when nothing but white space (at most one character where ``text`` is not given) lies between them.
    """
    out: list[tuple[str, int, int]] = []
    last: Mapping[str, Any] | None = None  # the sub-token dict before, while its mention may go on
    for item in items:
        if "entity_group" in item:
            if item["entity_group"] != "O":
                out.append((item["entity_group"], item["start"], item["end"]))
            last = None
            continue
        bi, type_ = split_label(item["entity"])
        if type_ == "O":
            last = None
            continue
        index, last_index = item.get("index"), last.get("index") if last is not None else None
        if isinstance(index, int) and isinstance(last_index, int):
            adjacent = index == last_index + 1
        elif last is not None:
            gap = (text[last["end"]:item["start"]] if text is not None else None)
            adjacent = (gap is not None and not gap.strip()) or (gap is None and 0 <= item["start"] - last["end"] <= 1)
        else:
            adjacent = False
        if last is not None and bi != "B" and split_label(last["entity"])[1] == type_ and adjacent:
            out[-1] = (type_, out[-1][1], item["end"])
        else:
            out.append((type_, item["start"], item["end"]))
        last = item
    return out


def predictions_argument(function: str, predictions: object) -> None:
    if isinstance(predictions, (str, bytes, Mapping)) or not isinstance(predictions, Iterable):
        raise wrong_argument(function, "predictions", "the pipeline's output for one text: a list of dicts with "
                             "start, end and entity_group (or entity)", predictions)


def read(predictions: Iterable[Mapping[str, Any]], label_map: Mapping[str, str | None], text: str | None,
         offset: int, where: str = "predictions", what: str = "the document text") -> tuple[list[Mention], int]:
    """The mentions of one output, shifted by ``offset`` into ``text`` (trimmed there), and the furthest end of
    its dicts in the text the pipeline was given (-1 for none)."""
    items = checked(predictions, text, offset, where, what)
    out = []
    for type_, start, end in groups(items, text[offset:] if text is not None else None):
        start, end = start + offset, end + offset
        mapped = label_map.get(type_, type_)
        if text is not None:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if mapped is not None and start < end:
            out.append(Mention(start, end, mapped))
    return sorted(out), max((item["end"] for item in items), default=-1)


def mentions_from_hf(predictions: Iterable[Mapping[str, Any]], *, label_map: Mapping[str, str | None] | None = None,
                     text: str | None = None, offset: int = 0) -> list[Mention]:
    """Mentions, in order, from a token-classification pipeline's output for one document, or for a part of it
    that starts at ``offset`` in the document ``text`` (a segment: ``offset=segment["start"]``).

    >>> mentions_from_hf([{"entity_group": "PER", "score": 0.99, "word": "Putin", "start": 0, "end": 6}],
    ...                  label_map={"PER": "PERSON"}, text=" Putin arrived")
    [Mention(start=1, end=6, type='PERSON', entity_id=None)]
    >>> segment = {"start": 9, "text": "Putin arrived"}   # in the document "Headline\\nPutin arrived"
    >>> mentions_from_hf([{"entity_group": "PER", "start": 0, "end": 5}], offset=segment["start"],
    ...                  text="Headline\\nPutin arrived")
    [Mention(start=9, end=14, type='PER', entity_id=None)]
    """
    predictions_argument("mentions_from_hf", predictions)
    require_type("mentions_from_hf", "text", text, (str, type(None)), "the document's text (a str), or None")
    label_map = label_map_argument("mentions_from_hf", label_map)
    offset = offset_argument("mentions_from_hf", offset)
    out, last = read(predictions, label_map, text, offset)
    if text is not None and offset == 0 and last >= TRUNCATED_AFTER and len(text) - last >= TRUNCATED_AFTER:
        warnings.warn(f"mentions_from_hf: the predictions end at character {last} of {len(text)}: a pipeline reads at "
                      "most its model's length (512 tokens for most) and drops the rest without a word; run it per "
                      "segment (offset=segment['start']) or in windows: mentions_from_hf_windows(pipe, text)",
                      stacklevel=2)
    return out


def windows(text: str, window_chars: int, stride: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each window: at most ``window_chars`` long, cut at a line end where one lies past the
    overlap, else at white space (a word longer than a window is cut); each window after the first starts at
    the start of the word in which the last ``stride`` characters of the one before begin.

    >>> windows("aaaa bbbb\\ncccc dddd eeee", 12, 4)
    [(0, 9), (5, 14), (10, 19), (15, 24)]
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while True:
        end = min(start + window_chars, n)
        if end < n:
            low = max(start + stride + 1, out[-1][1] + 1 if out else 0)  # the next window starts after this one's
            # start, and this one reads past the end of the one before
            cut = text.rfind("\n", low, end + 1)
            if cut == -1:
                cut = next((i for i in range(end, low - 1, -1) if text[i].isspace()), -1)
            end = cut if cut != -1 else end
        out.append((start, end))
        if end >= n:
            return out
        before, start = start, end - stride
        while start > before + 1 and not (text[start - 1].isspace() and not text[start].isspace()):
            start -= 1  # back to the start of a word, so that the overlap is stride or more
        if start == before + 1 and not text[start - 1].isspace():
            start = end - stride  # a word longer than the overlap allows: cut inside it


def mentions_from_hf_windows(pipe: Callable[[str], Any], text: str, *, window_chars: int = WINDOW_CHARS,
                             stride: int = STRIDE, label_map: Mapping[str, str | None] | None = None) -> list[Mention]:
    """Mentions, in order, from a token-classification pipeline run over a document of any length in windows.

    ``pipe`` is anything that takes a str and returns the pipeline's output for it
    (``transformers.pipeline("ner", ...)``, aggregated or not, or a function giving the same dicts).
    ``text`` is cut into windows of at most ``window_chars`` characters (``windows``): choose it so that a
    window stays under the model's length in tokens. Consecutive windows share at least ``stride``
    characters, so a name at the end of one window is whole in the next. Each window's output is read as by
    ``mentions_from_hf`` and shifted into the document; where windows overlap, a mention comes from the window
    in which it lies farthest from a cut (the document's own start and end are no cut; at the same distance,
    the longer mention), and a mention that overlaps one already taken is dropped.

    >>> import re
    >>> def pipe(part):   # stands for pipeline("ner", aggregation_strategy="simple"): every capitalised word
    ...     return [{"entity_group": "PER", "start": m.start(), "end": m.end()} for m in re.finditer(r"[A-Z]\\w+", part)]
    >>> mentions_from_hf_windows(pipe, "Putin met To Lam.\\nThen Putin left.", window_chars=20, stride=6)
    [Mention(start=0, end=5, type='PER', entity_id=None), Mention(start=10, end=12, type='PER', entity_id=None), Mention(start=13, end=16, type='PER', entity_id=None), Mention(start=18, end=22, type='PER', entity_id=None), Mention(start=23, end=28, type='PER', entity_id=None)]
    """
    function = "mentions_from_hf_windows"
    if not callable(pipe):
        raise wrong_argument(function, "pipe", "a callable that takes a str and returns a token-classification "
                             "pipeline's output for it, e.g. pipeline('ner', aggregation_strategy='simple')", pipe)
    require_type(function, "text", text, str, "the document's text (a str)")
    require_type(function, "window_chars", window_chars, int, "the longest window in characters: an int 1 or more")
    if window_chars < 1:
        raise wrong_argument(function, "window_chars", "the longest window in characters: an int 1 or more",
                             window_chars, rule="window")
    expected = f"the characters consecutive windows share: an int from 0 to window_chars - 1 ({window_chars - 1})"
    require_type(function, "stride", stride, int, expected)
    if not 0 <= stride < window_chars:
        raise wrong_argument(function, "stride", expected, stride, rule="stride")
    label_map = label_map_argument(function, label_map)
    found: list[tuple[float, int, Mention]] = []  # (distance to the nearest cut, window, mention)
    for k, (start, end) in enumerate(windows(text, window_chars, stride)):
        output = pipe(text[start:end])
        predictions_argument(f"{function}(pipe)", output)
        where = f"window {k} [{start}, {end}): predictions"
        read_here, _ = read(output, label_map, text[start:end], 0, where, f"the window's text of {end - start} characters")
        for m in (Mention(m.start + start, m.end + start, m.type) for m in read_here):
            left = m.start - start if start > 0 else math.inf
            right = end - m.end if end < len(text) else math.inf
            found.append((min(left, right), k, m))
    taken: list[Mention] = []
    for _, _, m in sorted(found, key=lambda f: (-f[0], f[2].start - f[2].end, f[1], f[2])):
        if all(m.end <= t.start or t.end <= m.start for t in taken):
            taken.append(m)
    return sorted(taken)
