"""Label Studio's JSON export: one JSON array of tasks, ``{"id": 17, "data": {"text": ...}, "annotations":
[{"id": 5, "result": [{"id": "a1b2", "type": "labels", "value": {"start": 0, "end": 5, "text": "Putin",
"labels": ["PER"]}}, ...]}]}``. The array is parsed whole (memory grows with the file; at most
``MAX_FILE_BYTES``), by the project's exact parser: a key twice in one object, NaN or a lone surrogate is refused.

- A task is a document named by its ``id``. Its text is ``data["text"]``, else the one string value of
  ``data`` (rule ``text`` where there is none or several).
- Its annotation: the one not cancelled (``was_cancelled``); of several, the one marked ``ground_truth``. A
  task without one (rule ``annotated``: a gold corpus has no unannotated document; annotate the task or leave it
  out of the export) or with several and no single ground truth (rule ``one-annotation``, naming their ids:
  choose one in Label Studio) is refused. ``predictions`` are ignored; the ``completions`` of Label Studio
  before 1.0 are read as annotations.
- Each result of type ``labels`` is one span, its ``where`` ``task ID, result 'RID'``, its one label (rule
  ``one-label``) the span's label, ``value.text`` its stated surface. ``hypertextlabels`` (HTML, XPath
  offsets) is refused (rule ``result-type``); other results (choices, textarea, relation) are ignored.

Offsets are code points: Label Studio turns the browser's UTF-16 indices into code points since the end of
2021, after version 1.3 (``charsToCodePoints`` in its ``selection-tools.js``, label-studio-frontend #308; its
test ``ner/emoji``). Results made before count UTF-16 code units (each emoji shifts the offsets after it by one,
Label Studio issue #1347); such a result is read in UTF-16 code units where its stated surface agrees with
those and not with code points. Label Studio states a surface with each line end as ``\\n`` (two
characters); one that agrees so is given as the text's own.

Other problems name the file, the task id and the value: ``readable``, ``utf-8``, ``json``, ``duplicate-key``,
``unicode``, ``required``, ``type`` and ``text-size`` (a text of more than ``MAX_TEXT_CHARS``, refused before its
results are read). Every task is checked; once one has a problem no further document is yielded and
``InvalidInput`` lists every problem.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.json"
>>> result = {"id": "r1", "type": "labels", "value": {"start": 2, "end": 7, "text": "Putin", "labels": ["PER"]}}
>>> _ = path.write_text(json.dumps([{"id": 1, "data": {"text": "🐱 Putin"}, "annotations": [{"result": [result]}]}]))
>>> [doc] = read(path)
>>> doc.name, doc.spans
('1', (SourceSpan(start=2, end=7, label='PER', where="task 1, result 'r1'", text='Putin', entity_id=None, line=None),))
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from newsprep.eval.corpus.build import MAX_TEXT_CHARS
from newsprep.eval.corpus.formats.doccano import from_utf16
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, Problem, described, stop_problem
from newsprep.eval.io.jsonl import DuplicateKey, duplicate_key_path, exact, file_problem, lone_surrogate

NAME = "labelstudio"
DESCRIPTION = "Label Studio JSON export: an array of tasks, data.text and one annotation's labels results"

ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


class Refused(Exception):
    """What stops one task: ``args`` are the field (a path inside the task), the rule and the detail."""


def load(path: Path, file: str) -> tuple[list, bool]:
    """The parsed array of ``path`` and whether it escapes a surrogate (``\\ud800``: a lone one is looked
    for); ``InvalidInput`` for a file that cannot be read, decoded or parsed."""
    def stop(line: int | None, field: str, rule: str, detail: str):
        return InvalidInput([Problem(file, line, field, rule, detail)])

    if found := file_problem(path, file):
        raise InvalidInput([found])
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")  # strictly
    except OSError as err:
        raise stop(None, "-", "readable", err.strerror or str(err)) from None
    except UnicodeDecodeError as err:
        raise stop(data.count(b"\n", 0, err.start) + 1, "-", "utf-8",
                   f"byte {err.start} {data[err.start:err.end]!r} is not UTF-8") from None
    try:
        tasks = exact(text)
    except DuplicateKey as err:
        raise stop(None, duplicate_key_path(text), "duplicate-key", f"{err}; parsers disagree on which value wins") from None
    except json.JSONDecodeError as err:
        raise stop(err.lineno, "-", "json", f"{err.msg}: line {err.lineno} column {err.colno}") from None
    except (ValueError, RecursionError) as err:
        raise stop(None, "-", "json", str(err)[:200] or "nested too deep") from None
    if not isinstance(tasks, list):
        raise stop(None, "-", "type", f"expected an array of tasks (Label Studio's JSON export), got {described(tasks)[:60]}")
    return tasks, ESCAPED_SURROGATE.search(text) is not None


def get(mapping: dict, key: str, kind: type | tuple[type, ...], expected: str, at: str):
    """``mapping[key]``, refused (``Refused``) where it is missing or not of ``kind`` (a bool is no int)."""
    if key not in mapping:
        raise Refused(f"{at}{key}", "required", f"no {key!r}")
    value = mapping[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise Refused(f"{at}{key}", "type", f"expected {expected}, got {described(value)}")
    return value


def escaped(surface: str) -> str:
    return re.sub("[\r\n]", r"\\n", surface)  # how Label Studio states a surface: each CR and LF as "\n"


def chosen(annotations: list, tid: object) -> tuple[int, dict]:
    """The index and annotation that is the task's gold (see the module docstring)."""
    for i, annotation in enumerate(annotations):
        if not isinstance(annotation, dict):
            raise Refused(f"annotations[{i}]", "type", f"expected an annotation object, got {described(annotation)}")
    kept = [(i, a) for i, a in enumerate(annotations) if not a.get("was_cancelled")]
    if len(kept) > 1:
        kept = [(i, a) for i, a in kept if a.get("ground_truth") is True] or kept
    if not kept:
        cancelled = f" ({len(annotations)} cancelled)" if annotations else ""
        raise Refused("annotations", "annotated", f"task {tid} has no annotation{cancelled}; "
                      "annotate it or leave it out of the export")
    if len(kept) > 1:
        ids = ", ".join(str(a.get("id", f"[{i}]")) for i, a in kept)
        raise Refused("annotations", "one-annotation", f"task {tid} has {len(kept)} annotations ({ids}); choose one "
                      "in Label Studio: mark it as ground truth, or delete or cancel the others")
    return kept[0]


def span(result: dict, at: str, where: str, text: str, code_point) -> SourceSpan:
    """The span of one ``labels`` result (``at``: its path, for problems)."""
    value = get(result, "value", dict, "an object", at)
    for key in ("start", "end"):
        if key not in value:
            raise Refused(f"{at}value.{key}", "required", f"{where}: no {key!r}")
        offset = value[key]
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise Refused(f"{at}value.{key}", "offset", f"{where}: expected a whole number >= 0, got {described(offset)}")
    start, end = value["start"], value["end"]
    labels = get(value, "labels", list, "a list of one label", f"{at}value.")
    if len(labels) != 1 or not isinstance(labels[0], str):
        raise Refused(f"{at}value.labels", "one-label", f"{where}: expected one label, got {described(labels)}")
    stated = get(value, "text", str, "a str", f"{at}value.") if value.get("text") is not None else None
    if stated is not None:
        for s, e in ((start, end), (code_point(start), code_point(end))):
            if s is not None and e is not None and 0 <= e - s <= len(stated) and stated in (text[s:e], escaped(text[s:e])):
                return SourceSpan(s, e, labels[0], where, text[s:e])
    return SourceSpan(start, end, labels[0], where, stated)


def document(task: object, file: str) -> SourceDoc:
    """The document of one task (see the module docstring); ``Refused`` for the first thing that stops it."""
    if not isinstance(task, dict):
        raise Refused("", "type", f"expected a task object, got {described(task)}")
    tid = get(task, "id", (int, str), "a task id (int or str)", "")
    data = get(task, "data", dict, "an object", "")
    if "text" in data:
        text = get(data, "text", str, "the document's text, a str", "data.")
    else:
        strings = [k for k, v in data.items() if isinstance(v, str)]
        if len(strings) != 1:
            raise Refused("data", "text", f"task {tid}: no data.text, and {len(strings)} string values {strings[:5]} "
                          "rather than one to take for the text")
        text = data[strings[0]]
    if len(text) > MAX_TEXT_CHARS:  # refused before its results are read
        raise Refused("data", "text-size", f"{len(text)} characters; at most {MAX_TEXT_CHARS} a document; split it")
    key = "annotations" if "annotations" in task or "completions" not in task else "completions"
    index, annotation = chosen(get(task, key, list, "a list of annotations", ""), tid)
    results = get(annotation, "result", list, "a list of results", f"{key}[{index}].")
    code_point = from_utf16(text)
    spans = []
    for i, result in enumerate(results):
        at = f"{key}[{index}].result[{i}]."
        if not isinstance(result, dict):
            raise Refused(at[:-1], "type", f"expected a result object, got {described(result)}")
        where = f"task {tid}, result {result.get('id')!r}"
        if result.get("type") == "hypertextlabels":
            raise Refused(f"{at}type", "result-type", f"{where}: 'hypertextlabels' (HTML, XPath offsets) is not "
                          "supported; label plain text (<Text>, <Labels>)")
        if result.get("type") == "labels":
            spans.append(span(result, at, where, text, code_point))
    return SourceDoc(str(tid), text, tuple(spans), file)


def read(src: Path) -> Iterator[SourceDoc]:
    """The documents of the Label Studio JSON export ``src``, in task order (see the module docstring)."""
    file = str(src)
    tasks, surrogates = load(Path(src), file)
    problems: list[Problem] = []
    for i, task in enumerate(tasks):
        tid = task.get("id", f"[{i}]") if isinstance(task, dict) else f"[{i}]"
        try:
            if surrogates and (where := lone_surrogate(task)):
                raise Refused(where, "unicode", f"task {tid}: a lone surrogate (\\ud800-\\udfff) is not a Unicode character")
            doc = document(task, file)
        except Refused as err:
            field, rule, detail = err.args
            detail = detail if detail.startswith("task ") else f"task {tid}: {detail}"
            problems.append(Problem(file, None, f"[{i}]" + ("." if field and field[0] != "[" else "") + field, rule, detail))
            if len(problems) >= MAX_PROBLEMS:
                raise InvalidInput(problems + [stop_problem(file, None)]) from None
            continue
        if not problems:
            yield doc
    if problems:
        raise InvalidInput(problems)
