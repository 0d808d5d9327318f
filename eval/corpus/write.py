"""A corpus of one's own as a dataset folder in the NewsPrep layout: ``newsprep init`` and ``newsprep import``.

The folder holds what a release holds, less ``raw/``: the card ``README.md`` (configs and ``dataset_info``
features of the layers it has, so ``datasets.load_dataset`` reads it), ``manifest.json`` (with an ``imported``
block: name, format, the layers left out, whether mentions carry entity ids), ``CHANGELOG.md``,
``croissant.json``, ``ANNOTATION_GUIDELINES.md`` (a template to fill in), ``data/`` and ``annotation/``:
``sources.jsonl`` (each document's name and file in the export) and, where the export leaves an annotated
surface unannotated elsewhere in a document, ``consistency_exceptions.jsonl`` listing each such occurrence
for a person to review.

An import reads the export twice, a document at a time: once to count the documents (their ids have as many
digits as the last needs) and to see whether any span carries an entity id, then to write each document's
records. Only the entity table, and the segments when a pairs file is given, grow with the corpus. The
folder is written beside ``out`` and renamed into place once the data validator passes it: all or nothing.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsprep.eval.corpus.build import Corpus, Layers, document_layers, first_id_span
from newsprep.eval.corpus.source import IGNORE, LabelMap, SourceDoc
from newsprep.eval.data.card import front_matter
from newsprep.eval.data.croissant import CONFORMS_TO, distribution
from newsprep.eval.data.dataset import CONFIGS, dataset_dir, doc_id
from newsprep.eval.data.manifest import build_manifest
from newsprep.eval.data.pairs import document_pairs, in_band
from newsprep.eval.data.versions import changelog_top
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, Problem, UsageError, stop_problem
from newsprep.eval.io.atomic import check_output_folder, dataset_around, write_folder
from newsprep.eval.io.jsonl import MAX_FILE_BYTES, dumps_line, file_problem
from newsprep.eval.io.progress import Progress, advance, total_known
from newsprep.eval.maintain.croissant import CONTEXT, record_set
from newsprep.eval.types import PAIR_LABELS
from newsprep.eval.validate.card import NAME
from newsprep.eval.validate.entities import EXCEPTIONS, unannotated_occurrences
from newsprep.eval.validate.release import IMPORTED as IMPORTED_LAYOUT

SOURCES = "annotation/sources.jsonl"
PAIR_COLUMNS = ("a", "b", "label", "score")
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
DESCRIBED = ("README.md", "CHANGELOG.md", "ANNOTATION_GUIDELINES.md")  # kept from a folder ``newsprep init`` made


def check_name(name: str, version: str, *, origin: Mapping[str, str] | None = None) -> None:
    """A corpus name and a version that the card and manifest can hold, else ``UsageError`` naming where each
    came from (``origin``: the option by default)."""
    origin = origin or {}
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise UsageError(f"{origin.get('name', '--name')} {name!r}: lower-case letters, digits, '-', '_' or '.', at most "
                         "64, starting with a letter or digit")
    if not isinstance(version, str) or not SEMVER.fullmatch(version):
        raise UsageError(f"{origin.get('version', '--version')} {version!r}: MAJOR.MINOR.PATCH, e.g. 0.1.0")


# --- the files that describe the folder ------------------------------------------------------------------

def released_features() -> dict[str, list]:
    """The ``dataset_info`` features of NewsPrep's own card, by config: an imported corpus has the same layers."""
    front = yaml.safe_load(front_matter((dataset_dir() / "README.md").read_text(encoding="utf-8")))
    return {info["config_name"]: info["features"] for info in front["dataset_info"]}


def card_text(name: str, version: str, layers: list[str], *, body: str | None = None) -> str:
    """The card: YAML front matter with ``configs`` and ``dataset_info`` for ``layers``, then ``body``."""
    features = released_features()
    front = {"pretty_name": name, "language": ["en"], "version": version,
             "configs": [{"config_name": c, **({"default": True} if c == "documents" else {}), "version": version,
                          "data_files": [{"split": "test", "path": CONFIGS[c].path}]} for c in layers],
             "dataset_info": [{"config_name": c, "features": features[c]} for c in layers]}
    body = body if body is not None else (
        f"# {name}\n\nA corpus annotated in the NewsPrep layout ({', '.join(layers)}). Every span is `[start, end)` "
        "in Unicode code points of the document's text. Say here where the texts come from, who annotated them "
        "and how, and under which licence they may be used.\n")
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=120) + "---\n\n" + body


def changelog_text(name: str, version: str, line: str) -> str:
    return f"# Changelog of {name}\n\n## {version}\n\n- {line}\n"


GUIDELINES = """# Annotation guidelines of {name}

Write here how this corpus was annotated, so that another person could annotate it the same way and a reader
knows what a score on it means. NewsPrep's own guidelines (`ANNOTATION_GUIDELINES.md` of the package's
dataset) show the decisions that matter; keep those that hold for your texts and say where you depart.

## Boilerplate
Which parts of a page are not its article, in which categories (navigation, sharing, comments, byline,
dateline, media, source), and the hard calls with their reasons.

## Entities
Which types (OntoNotes 5), the boundary rules (determiners, titles, possessives, compounds), and whether
mentions carry cross-document ids.

## Segments
Segments are derived by the rule of `newsprep import` (each line, cut at boilerplate spans, then at sentence
ends); list any text where the rule cuts wrongly.

## Duplicates
How pairs were found and labelled (near_duplicate, paraphrase, related) with their 0-5 scores.

## Agreement
If the corpus was annotated twice, how, and the agreement measured.
"""


def croissant_text(root: Path, name: str, manifest: dict, layers: list[str]) -> str:
    features = released_features()
    meta = {
        "@context": CONTEXT, "@type": "sc:Dataset", "conformsTo": CONFORMS_TO, "name": name,
        "description": f"{name}: a corpus annotated in the NewsPrep layout ({', '.join(layers)}), imported from "
                       f"{manifest['imported']['format']} by newsprep import. Every span is [start, end) in Unicode "
                       "code points.",
        "version": manifest["version"],
        "citeAs": f"@misc{{{name}, title={{{name}}}, note={{Version {manifest['version']}}}}}",
        "isLiveDataset": False,
        "distribution": distribution(manifest["files"]),
        "recordSet": [record_set(c, features[c]) for c in layers],
    }
    return json.dumps(meta, indent=2, ensure_ascii=False) + "\n"


def init_corpus(out: str | os.PathLike, *, name: str, version: str = "0.1.0") -> Path:
    """A new folder ``out`` with the card, changelog and guidelines template of a corpus called ``name``,
    for ``import_corpus`` (``newsprep import --out``) to fill; it keeps these three files as edited. Returns the
    folder (``newsprep init``).

    >>> import pathlib, tempfile
    >>> sorted(p.name for p in init_corpus(pathlib.Path(tempfile.mkdtemp()) / "mine", name="mine").iterdir())
    ['ANNOTATION_GUIDELINES.md', 'CHANGELOG.md', 'README.md']
    """
    check_name(name, version)
    check_output_folder(out, empty=True, hint="choose a new folder")

    def fill(tmp: Path) -> Path:
        (tmp / "README.md").write_text(card_text(name, version, ["documents", "segments"]), encoding="utf-8")
        (tmp / "CHANGELOG.md").write_text(changelog_text(name, version, "Created by newsprep init."), encoding="utf-8")
        (tmp / "ANNOTATION_GUIDELINES.md").write_text(GUIDELINES.format(name=name), encoding="utf-8")
        return Path(out)
    return write_folder(out, fill, hint="choose a new folder")


def initialised(out: Path) -> dict[str, Any] | None:
    """The card body and front matter, changelog and guidelines of a folder ``newsprep init`` made (and
    nothing else), or None; a file that cannot be read as the import needs it raises ``InvalidInput``."""
    if not out.is_dir() or {p.name for p in out.iterdir()} != set(DESCRIBED):
        return None
    texts = {}
    for name in DESCRIBED:
        try:
            texts[name] = (out / name).read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            raise InvalidInput([Problem(str(out / name), None, "-", "utf-8", f"byte {err.start} is not UTF-8")]) from None
    card = texts["README.md"]
    try:
        front = yaml.safe_load(front_matter(card))
    except (ValueError, yaml.YAMLError) as err:
        raise InvalidInput([Problem(str(out / "README.md"), None, "front matter", "card-front-matter",
                                    str(err).splitlines()[0][:200])]) from None
    if not isinstance(front, dict):
        raise InvalidInput([Problem(str(out / "README.md"), None, "front matter", "card-front-matter",
                                    f"expected a mapping (pretty_name, version, ...), got {type(front).__name__}")])
    return {"body": card.split("\n---\n", 1)[1].lstrip("\n") if "\n---\n" in card else card, "front": front,
            "CHANGELOG.md": texts["CHANGELOG.md"], "ANNOTATION_GUIDELINES.md": texts["ANNOTATION_GUIDELINES.md"]}


def earlier_import(folder: Path) -> bool:
    """``folder`` is a dataset folder an import wrote: its manifest has an ``imported`` block and it holds
    nothing but what an import writes."""
    try:
        found = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    allowed = set(IMPORTED_LAYOUT)
    return isinstance(found, dict) and isinstance(found.get("imported"), dict) \
        and {p.name for p in folder.iterdir()} <= allowed


def output_folder(out: Path, *, inputs: list[Path], overwrite: bool) -> None:
    """Refuse, before any work (``UsageError``), an ``out`` that would destroy data: one that is, holds or lies
    inside an input (the export, the label map, the pairs file; links followed), lies in a dataset folder, or
    holds files that neither ``newsprep init`` nor an earlier import wrote; an earlier import is replaced only
    with ``overwrite``."""
    target = Path(os.path.realpath(out))
    for given in inputs:
        source = Path(os.path.realpath(given))
        if target == source or source in target.parents or target in source.parents:
            raise UsageError(f"--out {out}: the input {given} is, holds or lies inside it; choose another folder")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"--out {out}: its folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: its folder {parent} cannot be written")
    earlier = target.is_dir() and earlier_import(target)
    around = dataset_around(target)
    if around is not None and not (earlier and around == target):
        raise UsageError(f"--out {out}: would write into the dataset folder {around}; choose another")
    if target.is_dir() and any(target.iterdir()) and not initialised_names(target):
        if not earlier:
            raise UsageError(f"--out {out}: holds files that neither newsprep init nor an import wrote; choose a new "
                             "folder (--force replaces only an earlier import)")
        if not overwrite:
            raise UsageError(f"--out {out}: holds an earlier import; replace it with --force")


def initialised_names(folder: Path) -> bool:
    return {p.name for p in folder.iterdir()} == set(DESCRIBED)


# --- pairs given by the user -----------------------------------------------------------------------------

def read_pairs(path: Path) -> list[tuple[int, dict]]:
    """Rows of a pairs file: JSON Lines or CSV (header ``a,b,label,score[,rationale]``), with line numbers."""
    label = str(path)
    if unusable := file_problem(path, label, max_bytes=MAX_FILE_BYTES):
        raise InvalidInput([unusable])
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise InvalidInput([Problem(label, None, "-", "readable", err.strerror or str(err))]) from None
    except UnicodeDecodeError as err:
        raise InvalidInput([Problem(label, None, "-", "utf-8", f"byte {err.start} is not UTF-8")]) from None
    rows, problems = [], []
    if path.suffix.lower() == ".csv":
        table = csv.DictReader(io.StringIO(raw), skipinitialspace=True)
        if not set(PAIR_COLUMNS) <= set(table.fieldnames or ()):
            raise InvalidInput([Problem(label, 1, "-", "pair-columns", f"the header {table.fieldnames} must name "
                                        f"{', '.join(PAIR_COLUMNS)} (and may name rationale)")])
        for number, row in enumerate(table, start=2):
            try:
                rows.append((number, {**row, "score": float(row.get("score") or "nan")}))
            except ValueError:
                problems.append(Problem(label, number, "score", "pair-score", f"{row.get('score')!r} is not a number"))
    else:
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as err:
                problems.append(Problem(label, number, "-", "json", str(err)[:120]))
                continue
            if not isinstance(row, dict):
                problems.append(Problem(label, number, "-", "pair-record", "expected a JSON object"))
                continue
            rows.append((number, row))
    if problems:
        raise InvalidInput(problems)
    if not rows:
        raise InvalidInput([Problem(label, None, "-", "not-empty", "the pairs file holds no pair")])
    return rows


def pair_rows(path: Path, rows: list[tuple[int, dict]], content: set[str]) -> list[dict]:
    """The gold pair records from the rows of the user's file (``read_pairs``); ``content`` are the ids of the
    content segments."""
    out, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        a, b = sorted((str(row.get("a")), str(row.get("b"))))
        score = row.get("score")
        found = [("a", f"{e!r} is not a content segment of the import (ids as in data/segments.jsonl, not boilerplate)")
                 for e in (a, b) if e not in content]
        if a == b:
            found.append(("b", "a pair of a segment with itself"))
        if row.get("label") not in PAIR_LABELS:
            found.append(("label", f"{row.get('label')!r} is not one of {', '.join(PAIR_LABELS)}"))
        elif not isinstance(score, (int, float)) or isinstance(score, bool) or not in_band(row["label"], score) \
                or (score * 8) % 1:
            found.append(("score", f"{score!r} is not a score in the band of {row['label']} (0-5 in steps of 0.125)"))
        if (a, b) in seen:
            found.append(("a", f"the pair {a}, {b} is already on line {seen[a, b]}"))
        seen[a, b] = number
        problems += [Problem(str(path), number, f, "pair", d) for f, d in found]
        if not found:
            why = str(row.get("rationale") or f"{row['label']} (given by the pairs file)")[:300]
            out.append({"a": a, "b": b, "label": row["label"], "score": float(score or 0), "rationale": why,
                        "found_by": "imported"})
    if problems:
        raise InvalidInput(problems)
    return sorted(out, key=lambda r: (r["a"], r["b"]))


# --- the import -----------------------------------------------------------------------------------------

@dataclass
class Survey:
    """What the first reading of an export finds: the documents, whether any span carries an entity id (and the
    first that does), each label with its first span and count, and documents given twice by name."""

    count: int = 0
    first_id: str | None = None
    labels: dict[str, tuple[tuple[str, int | None], str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def survey(docs: Iterator[SourceDoc], labels: LabelMap) -> Survey:
    """The first reading (``Survey``); a label the map does not know is one problem, at its first span, with
    its count; a document name given twice is a problem naming both places."""
    found, names = Survey(), dict[str, str]()
    for doc in docs:
        found.count += 1
        if doc.name in names and len(found.problems) < MAX_PROBLEMS:
            found.problems.append(Problem(doc.file, doc.line, f"document {doc.name!r}", "duplicate-document",
                                          f"the export holds a document of this name already ({names[doc.name]}); "
                                          "were two exports joined?"))
        names.setdefault(doc.name, f"{doc.file}:{doc.line}" if doc.line is not None else doc.file)
        if found.first_id is None:
            found.first_id = first_id_span(doc)
        for span in doc.spans:
            seen = found.labels.get(span.label)
            found.labels[span.label] = (seen[0], seen[1], seen[2] + 1) if seen else \
                ((doc.file, span.line if span.line is not None else doc.line), span.where, 1)
    for label, ((file, line), where, count) in found.labels.items():
        if labels.target(label) is None:
            found.problems.append(Problem(file, line, where, "unknown-label", f"label {label!r} ({count} span"
                                          f"{'s' if count > 1 else ''}) is not in the label map nor one of NewsPrep's "
                                          f"own (an OntoNotes type, boilerplate:CATEGORY); add a line {label},TARGET "
                                          "to --labels (TARGET may be ignore)"))
    return found


def import_documents(read: Callable[[], Iterator[SourceDoc]], out: str | os.PathLike, *, fmt: str, name: str,
                  source: str, version: str = "0.1.0", labels: LabelMap | None = None, pairs: Path | None = None,
                  validate: bool = True, overwrite: bool = False, progress: Progress | None = None) -> dict:
    """Write the documents ``read()`` yields as the dataset folder ``out``; returns its manifest.

    ``read`` is called twice (see the module docstring). ``source`` names the export in the manifest.
    ``InvalidInput`` lists every problem, each in the export's coordinates, and nothing is written.
    """
    check_name(name, version)
    out = Path(out)
    output_folder(out, inputs=[Path(source), *([pairs] if pairs is not None else [])], overwrite=overwrite)
    kept = initialised(out) if out.exists() else None
    if kept is not None and (top := changelog_top(out / "CHANGELOG.md")) and top[1] != version:
        raise UsageError(f"version {version}: {out}/CHANGELOG.md names {top[1]} as its newest version; add a "
                         f"'## {version}' entry to it first, or import as {top[1]}")
    labels = labels or LabelMap.parse()
    pair_input = read_pairs(pairs) if pairs is not None else None  # a bad pairs file is found before any work
    first = survey(read(), labels)
    if not first.count:
        raise InvalidInput([Problem(source, None, "-", "not-empty", "the export holds no document")])
    count = first.count
    total_known(progress, count)  # the first reading counted them: the bar can show the time left
    # A label the map does not know is one problem (first.problems); the second reading passes over its spans and
    # finds every other problem, so that one run names them all.
    unknown = {label: IGNORE for label in first.labels if labels.target(label) is None}
    corpus = Corpus(LabelMap({**labels.table, **unknown}), first.first_id is not None, first_id=first.first_id)

    def fill(tmp: Path) -> dict:
        (tmp / "data").mkdir()
        (tmp / "annotation").mkdir()
        names = ("documents", "boilerplate", "segments", "entities", "tokens", "sources", "exceptions")
        paths = {n: tmp / (SOURCES if n == "sources" else EXCEPTIONS if n == "exceptions" else CONFIGS[n].path)
                 for n in names}
        files = {n: open(p, "w", encoding="utf-8") for n, p in paths.items()}
        problems: list[Problem] = list(first.problems)
        has = {"boilerplate": False, "entities": False}
        segments: list[dict] = []
        try:
            index = -1
            for index, doc in enumerate(read()):
                if index >= count:
                    break
                if len(problems) >= MAX_PROBLEMS:
                    problems.append(stop_problem(doc.file, doc.line))
                    break
                did = doc_id(index, kind="imported", count=count)
                layers, found = document_layers(doc, did, corpus)
                problems += found
                if layers is None or problems:
                    continue
                write_document(files, did, doc, layers, source=source, fmt=fmt)
                has["boilerplate"] |= bool(layers.boilerplate)
                has["entities"] |= bool(layers.mentions)
                if pairs is not None:
                    segments += [{k: s[k] for k in ("id", "doc", "boilerplate")} for s in layers.segments]
                advance(progress, 1)
        finally:
            for handle in files.values():
                handle.close()
        if problems:
            raise InvalidInput(problems)
        if index + 1 != count:
            raise InvalidInput([Problem(source, None, "-", "unchanged-while-read", f"{count} documents in the first "
                                        "reading of the export, another number in the second; import it again once "
                                        "it is written")])
        return finish(tmp, paths, has, segments, corpus, name=name, version=version, fmt=fmt, source=source,
                      pairs=(pairs, pair_input) if pairs is not None and pair_input is not None else None, kept=kept,
                      validate=validate)
    return write_folder(out, fill, overwrite=True, hint="choose a new folder")  # output_folder said what may go


def import_corpus(fmt: str, src: str | os.PathLike, out: str | os.PathLike, *, name: str | None = None,
                  version: str | None = None, labels: Mapping[str, str] | str | os.PathLike | None = None,
                  pairs: str | os.PathLike | None = None, overwrite: bool = False,
                  progress: Progress | None = None) -> dict:
    """Import the export ``src`` of an annotation tool, in format ``fmt`` (brat, conll, doccano, labelstudio,
    docbin), as the dataset folder ``out``; returns its manifest (``newsprep import``).

    ``labels`` maps the tool's labels to NewsPrep's (a dict, or a JSON or CSV file; see ``docs/own-corpus.md``),
    ``pairs`` is a JSON Lines or CSV file of duplicate pairs. ``name`` and ``version`` default to those of a
    folder ``init_corpus`` made, else to ``out``'s name and 0.1.0. ``out`` may not be, hold or lie inside
    ``src`` (``UsageError``); every problem of the export raises ``InvalidInput`` and nothing is written.

    >>> import pathlib, tempfile
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "x.jsonl").write_text('{"text": "Putin left Hanoi.", "label": [[0, 5, "PER"]]}\\n')
    >>> manifest = import_corpus("doccano", work / "x.jsonl", work / "mine", labels={"PER": "PERSON"})
    >>> manifest["imported"]["name"], manifest["files"]["data/entities.jsonl"]["records"]
    ('mine', 1)
    """
    from newsprep.eval.corpus.formats import reader

    module = reader(fmt)
    src, out = Path(src), Path(out)
    there, source = Path(os.path.realpath(out)), Path(os.path.realpath(src))
    if there == source or source in there.parents or there in source.parents:
        raise UsageError(f"--out {out}: the export {src} is, holds or lies inside it; choose another folder")
    if not src.exists():
        raise InvalidInput([Problem(str(src), None, "-", "readable", "no such file or folder")])
    inputs = [src, *(Path(x) for x in (labels, pairs) if isinstance(x, (str, os.PathLike)))]
    output_folder(out, inputs=inputs, overwrite=overwrite)
    mapped = labels if isinstance(labels, LabelMap) else LabelMap.parse(labels) if isinstance(labels, Mapping) \
        else LabelMap.read(labels) if labels is not None else None
    kept = initialised(out) if out.exists() else None
    front: dict = kept["front"] if kept is not None else {}
    origin = {"name": "--name", "version": "--version"}
    if name is None and front.get("pretty_name") is not None:
        name, origin["name"] = str(front["pretty_name"]), f"pretty_name of {out}/README.md"
    if version is None and front.get("version") is not None:
        version, origin["version"] = str(front["version"]), f"version of {out}/README.md"
    if name is None:
        name, origin["name"] = re.sub(r"[^a-z0-9._-]+", "-", out.name.lower()).strip("-._")[:64] or "corpus", \
            f"the name of the folder {out}"
    version = version or "0.1.0"
    check_name(name, version, origin=origin)
    return import_documents(lambda: module.read(src), out, fmt=fmt, name=name, source=str(src), version=version,
                            labels=mapped, pairs=Path(pairs) if pairs is not None else None, overwrite=overwrite,
                            progress=progress)


def write_document(files: dict[str, Any], did: str, doc: SourceDoc, layers: Layers, *, source: str, fmt: str) -> None:
    text = doc.text
    files["documents"].write(dumps_line({
        "id": did, "seed_file": None, "title": text.split("\n", 1)[0], "text": text, "language": "en", "outlet": None,
        "published": None, "num_chars": len(text), "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}))
    files["boilerplate"].write(dumps_line({"doc": did, "spans": layers.boilerplate}))
    files["entities"].write(dumps_line({"doc": did, "mentions": layers.mentions}))
    for row in layers.segments:
        files["segments"].write(dumps_line(row))
    for row in layers.tokens(did, text):
        files["tokens"].write(dumps_line(row))
    where = os.path.relpath(doc.file, source) if Path(doc.file).is_relative_to(source) and doc.file != source else Path(doc.file).name
    files["sources"].write(dumps_line({"doc": did, "format": fmt, "name": doc.name, "file": where,
                                       "line": doc.line}))
    for s, e, surface in unannotated_occurrences(did, text, layers.mentions):
        files["exceptions"].write(dumps_line({"doc": did, "start": s, "end": e, "text": surface,
                                              "reason": "imported: annotated elsewhere in the document, not here; "
                                                        "review it"}))


def finish(tmp: Path, paths: dict[str, Path], has: dict[str, bool], segments: list[dict], corpus: Corpus, *,
           name: str, version: str, fmt: str, source: str, pairs: tuple[Path, list[tuple[int, dict]]] | None,
           kept: dict | None, validate: bool) -> dict:
    """The layers a corpus does not have are removed, the entity table, pairs, manifest and descriptions written."""
    omitted = []
    for layer in ("boilerplate", "entities"):
        if not has[layer]:
            omitted.append(layer)
            paths[layer].unlink()
    if not has["entities"]:
        omitted.append("tokens")
        paths["tokens"].unlink()
    if paths["exceptions"].stat().st_size == 0:
        paths["exceptions"].unlink()
    if corpus.entity_ids and has["entities"]:
        table = [{"entity_id": eid, "name": first, "type": t, "wikipedia": None}
                 for eid, (t, first, _) in sorted(corpus.entities.items())]
        write_lines(tmp / CONFIGS["entity_table"].path, table)
    else:
        omitted.append("entity_table")
    if pairs is not None:
        content = {s["doc"] for s in segments if not s["boilerplate"]}
        if empty := sorted({s["doc"] for s in segments} - content):
            raise InvalidInput([Problem(str(pairs[0]), None, "-", "pairs", f"document {empty[0]} has no content segment, "
                                        "so no document pair can be graded; import without --pairs")])
        rows = pair_rows(pairs[0], pairs[1], {s["id"] for s in segments if not s["boilerplate"]})
        write_lines(tmp / CONFIGS["duplicate_pairs"].path, rows)
        write_lines(tmp / CONFIGS["document_pairs"].path, document_pairs(segments, rows, same_event=None))
    else:
        omitted += ["duplicate_pairs", "document_pairs"]
    layers = [c for c in CONFIGS if c not in omitted]
    kept = kept or {}
    (tmp / "README.md").write_text(card_text(name, version, layers, body=kept.get("body")), encoding="utf-8")
    (tmp / "CHANGELOG.md").write_text(kept.get("CHANGELOG.md") or changelog_text(
        name, version, f"Imported from {fmt} by newsprep import."), encoding="utf-8")
    (tmp / "ANNOTATION_GUIDELINES.md").write_text(kept.get("ANNOTATION_GUIDELINES.md") or GUIDELINES.format(name=name),
                                                 encoding="utf-8")
    review = sum(1 for _ in open(paths["exceptions"], encoding="utf-8")) if paths["exceptions"].exists() else 0
    manifest = {**build_manifest(tmp, version, release=True),
                "imported": {"name": name, "format": fmt, "source": Path(source).name, "omitted": sorted(omitted),
                             "entity_ids": corpus.entity_ids and has["entities"], "labels": dict(corpus.labels.table),
                             "review": review}}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp / "croissant.json").write_text(croissant_text(tmp, name, manifest, layers), encoding="utf-8")
    if validate:
        from newsprep.eval.validate.dataset import validate_data

        problems = validate_data(tmp)
        if problems:
            raise InvalidInput(problems)
    return manifest


def write_lines(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(map(dumps_line, rows))
