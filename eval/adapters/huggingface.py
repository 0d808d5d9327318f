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
not in it is kept as it is. With ``text``, each mention is trimmed of
surrounding white space (some tokenizers' offsets include the space before a word).

>>> out = [{"entity": "B-PER", "score": 0.99, "index": 1, "word": "Pu", "start": 0, "end": 2},
...        {"entity": "I-PER", "score": 0.98, "index": 2, "word": "##tin", "start": 2, "end": 5},
...        {"entity": "B-LOC", "score": 0.97, "index": 5, "word": "Hanoi", "start": 17, "end": 22}]
>>> mentions_from_hf(out, label_map={"PER": "PERSON", "LOC": "GPE"})
[Mention(start=0, end=5, type='PERSON', entity_id=None), Mention(start=17, end=22, type='GPE', entity_id=None)]
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsprep.eval.adapters.record import label_map_argument
from newsprep.eval.errors import InvalidInput, Problem, require_type, wrong_argument
from newsprep.eval.types import Mention

LABEL = "<predictions>"  # the "file" of a problem found in pipeline output given in memory


def split_label(label: str) -> tuple[str, str]:
    """``(B or I, type)`` as the pipeline's ``get_tag`` reads a label: a bare label continues, like ``I-``.

    >>> split_label("B-PER"), split_label("I-PER"), split_label("PER")
    (('B', 'PER'), ('I', 'PER'), ('I', 'PER'))
    """
    if label.startswith(("B-", "I-")):
        return label[0], label[2:]
    return "I", label


def checked(predictions: Iterable[Mapping[str, Any]], text: str | None = None) -> list[Mapping[str, Any]]:
    """The dicts, after checking that each has integer offsets in order (inside ``text`` when given) and a label;
    ``InvalidInput`` lists every problem."""
    items, problems = list(predictions), []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            problems.append(Problem(LABEL, None, f"predictions[{i}]", "object", f"expected a dict, got {type(item).__name__}"))
            continue
        for key in ("start", "end"):
            value = item.get(key)
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(Problem(LABEL, None, f"predictions[{i}].{key}", "offset",
                                        f"{value!r} is not a character offset (a slow tokenizer gives none: use a fast one)"))
        start, end = item.get("start"), item.get("end")
        if type(start) is int and type(end) is int and not 0 <= start <= end <= (len(text) if text is not None else end):
            limit = f" <= len(text) {len(text)}" if text is not None else ""
            problems.append(Problem(LABEL, None, f"predictions[{i}].end", "offset-in-range",
                                    f"[{start}, {end}) is not within 0 <= start <= end{limit}"))
        label = item.get("entity_group", item.get("entity"))
        if not isinstance(label, str) or not label:
            problems.append(Problem(LABEL, None, f"predictions[{i}]", "label", "no entity_group or entity label"))
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


def mentions_from_hf(predictions: Iterable[Mapping[str, Any]], *, label_map: Mapping[str, str | None] | None = None,
                     text: str | None = None) -> list[Mention]:
    """Mentions, in order, from a token-classification pipeline's output for one document.

    >>> mentions_from_hf([{"entity_group": "PER", "score": 0.99, "word": "Putin", "start": 0, "end": 6}],
    ...                  label_map={"PER": "PERSON"}, text=" Putin arrived")
    [Mention(start=1, end=6, type='PERSON', entity_id=None)]
    """
    if isinstance(predictions, (str, bytes, Mapping)) or not isinstance(predictions, Iterable):
        raise wrong_argument("mentions_from_hf", "predictions", "the pipeline's output for one document: a list of "
                             "dicts with start, end and entity_group (or entity)", predictions)
    require_type("mentions_from_hf", "text", text, (str, type(None)), "the document's text (a str), or None")
    label_map = label_map_argument("mentions_from_hf", label_map)
    out = []
    for type_, start, end in groups(checked(predictions, text), text):
        mapped = label_map.get(type_, type_)
        if text is not None:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if mapped is not None and start < end:
            out.append(Mention(start, end, mapped))
    return sorted(out)
