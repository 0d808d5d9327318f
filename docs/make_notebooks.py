"""Write the notebooks of docs/notebooks/ from their Markdown sources, with jupytext.

    python docs/make_notebooks.py

- ``tutorial.ipynb`` is ``docs/tutorial.md``: each ```python block a code cell, the rest Markdown (a shell
  block stays a Markdown block: jupytext would make it a ``%%sh`` cell that runs);
- ``bio-spans.ipynb`` and ``near-duplicates.ipynb`` are made from the exercise's starter file (its task, its
  functions to write) with a cell that runs the checker on the functions the notebook defines and a last cell
  that uses them once the check passes.

The notebooks are written without outputs (``docs/notebooks/README.md`` gives the command that runs them all in
``make``'s environment), with cell ids numbered in order, so the same sources give the same files on every machine.
``tests/test_notebooks.py`` checks that each committed notebook equals a fresh conversion, and runs that command.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "notebooks"
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
          "language_info": {"name": "python"}}

EXERCISE_INTRO = """\
# Exercise {name}

Write the functions in the cell under "Your code", then run the cell under
"Check": it runs the checker of `newsprep exercise check {name} FILE` on the
functions this notebook defines and prints PASS, or the first case that fails
with what was expected. Run the cells from the top after each change. (To work
in a file instead: `newsprep exercise start {name} DIR`.)

## The task

{task}

## Your code
"""

CHECK = """\
## Check

```python
from newsprep.course import check

result = check("{name}", globals())
print(result)
```
"""

AFTERWARDS = {
    "bio-spans": """\
## Afterwards: a segment of the token view

Once the check passes, your two functions on segment d000-s004, and on its
gold mentions moved one character to the left:

```python
if result.passed:
    rows = npe.load("tokens")
    names = rows.features["ner_tags"].feature.names
    row = rows[3]
    tokens = list(zip(row["tokens"], row["starts"], row["ends"]))
    spans = tags_to_spans(tokens, [names[t] for t in row["ner_tags"]])
    text = npe.documents()["d000"]["text"]
    print([(text[s:e], t) for s, e, t in spans])
    print(misaligned(text, [(s - 1, e - 1, t) for s, e, t in spans]))
else:
    print("This cell runs your functions once the check passes.")
```
""",
    "near-duplicates": """\
## Afterwards: read the precision-recall curve

Once the check passes, the curve of your similarity over every pair of
content segments, the best threshold, and the pairs above it that are not
duplicates: where does precision drop, and why?

```python
if result.passed:
    import matplotlib.pyplot as plt

    segments = {s["id"]: s["text"] for s in npe.records("segments") if not s["boilerplate"]}
    positives = {(p["a"], p["b"]) for p in npe.records("duplicate_pairs") if p["label"] != "related"}
    scores = {(a, b): similarity(segments[a], segments[b]) for a, b in itertools.combinations(sorted(segments), 2)}
    curve = pr_curve(scores, positives)
    threshold = best_threshold(curve)
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.step([r for _, _, r in curve], [p for _, p, _ in curve], where="post")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title(f"best threshold {threshold:.3f}")
    wrong = sorted(((s, pair) for pair, s in scores.items() if s >= threshold and pair not in positives), reverse=True)
    for s, (a, b) in wrong[:3]:
        print(f"{s:.2f}  {segments[a][:60]!r}\\n      {segments[b][:60]!r}")
else:
    print("This cell draws the curve once the check passes.")
```
""",
}


def starter_parts(source: str) -> tuple[str, str]:
    """``(task, code)`` of a starter file: its docstring, and the code after it without the
    ``if __name__ == "__main__":`` block (a notebook runs as ``__main__``)."""
    tree = ast.parse(source)
    task = ast.get_docstring(tree) or ""
    lines = source.splitlines()
    first = tree.body[1].lineno if isinstance(tree.body[0], ast.Expr) else tree.body[0].lineno
    main = next((n for n in tree.body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)), None)
    last = main.lineno - 1 if main is not None else len(lines)
    return task, "\n".join(lines[first - 1:last]).strip("\n")


def exercise_markdown(name: str, code: str | None = None) -> str:
    """The Markdown source of an exercise's notebook; ``code`` replaces the starter's functions (the tests put
    the reference solution's there)."""
    from newsprep.course.exercises import starter_path

    task, starter = starter_parts(starter_path(name).read_text(encoding="utf-8"))
    return "\n".join([EXERCISE_INTRO.format(name=name, task=task), f"```python\n{code or starter}\n```\n",
                      CHECK.format(name=name), AFTERWARDS[name]])


def notebook(markdown: str) -> str:
    """The ``.ipynb`` text of a Markdown source: jupytext's cells, shell blocks kept as Markdown, no outputs,
    cell ids in order, the python3 kernel."""
    import jupytext
    import nbformat

    nb = jupytext.reads(markdown, fmt="md")
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("%%"):
            language, _, body = cell.source[2:].partition("\n")
            cell = nbformat.v4.new_markdown_cell(f"```{language.strip()}\n{body}\n```")
        cells.append(cell)
    out = nbformat.v4.new_notebook(cells=[], metadata=KERNEL)
    for i, cell in enumerate(cells):
        made = (nbformat.v4.new_code_cell(cell.source) if cell.cell_type == "code"
                else nbformat.v4.new_markdown_cell(cell.source))
        made.id = f"cell-{i:03d}"
        out.cells.append(made)
    nbformat.validate(out)
    return nbformat.writes(out) + "\n"


def sources() -> dict[str, str]:
    """Notebook file name -> its Markdown source."""
    out = {"tutorial.ipynb": (DOCS / "tutorial.md").read_text(encoding="utf-8")}
    out.update({f"{name}.ipynb": exercise_markdown(name) for name in AFTERWARDS})
    return out


def main() -> int:
    from newsprep.eval import write_atomic

    OUT.mkdir(exist_ok=True)
    for name, markdown in sources().items():
        write_atomic(OUT / name, notebook(markdown))
        print(f"wrote docs/notebooks/{name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
