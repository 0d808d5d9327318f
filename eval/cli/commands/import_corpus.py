"""``newsprep import``: an annotation tool's export as a dataset folder in the NewsPrep layout."""
from __future__ import annotations

import argparse

from newsprep.eval.cli import options

NAME = "import"
HELP = "turn an annotation tool's export (brat, CoNLL, doccano, Label Studio, spaCy) into a dataset folder"
DESCRIPTION = ("Read an export, map its labels (--labels), derive segments and tokens, and write a validated "
               "dataset folder that every command reads with --root or --gold. All or nothing: on any problem, "
               "each named in the export's own coordinates, nothing is written.")
UNDONE = "nothing was written"


def arguments(p: argparse.ArgumentParser) -> None:
    from newsprep.eval.corpus.formats import FORMATS, reader

    p.add_argument("--format", required=True, choices=list(FORMATS),
                   help="; ".join(f"{name}: {reader(name).DESCRIPTION}" for name in FORMATS))
    p.add_argument("inputs", nargs=1, type=options.path_arg, metavar="SRC", help="the export: a file, or a folder (brat)")
    # --out is checked by the import itself (output_folder): it may be a folder newsprep init made, or, with
    # --force, an earlier import, which the command line's rule for new output folders would refuse
    p.add_argument("--out", dest="into", required=True, type=options.path_arg,
                   help="folder to write: new, empty, or made by newsprep init")
    p.add_argument("--force", action="store_true", help="replace an earlier import in --out once the new one is complete")
    p.add_argument("--name", help="the corpus's name (default: the init folder's, else the --out folder's name)")
    p.add_argument("--version", default=None, help="its version (default: the init folder's, else 0.1.0)")
    p.add_argument("--labels", type=options.path_arg, metavar="MAP",
                   help="label map, JSON {LABEL: TARGET} or CSV LABEL,TARGET; TARGET is an OntoNotes type, "
                        "boilerplate:CATEGORY or ignore (default: NewsPrep's own labels only)")
    p.add_argument("--pairs", type=options.path_arg, metavar="FILE",
                   help="duplicate pairs of segments, JSONL or CSV: a, b (segment ids), label, score[, rationale]")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.corpus.write import import_corpus
    from newsprep.eval.io.progress import progress_bar

    with progress_bar("importing", total=None, unit="docs") as shown:
        manifest = import_corpus(args.format, args.inputs[0], args.into, name=args.name, version=args.version,
                                 labels=args.labels, pairs=args.pairs, overwrite=args.force, progress=shown)
    block = manifest["imported"]
    count = manifest["files"]["data/documents.jsonl"]["records"]
    print(f"newsprep import: {count} documents from {args.format} written to {args.into} as {block['name']} "
          f"{manifest['version']}; validated. Layers left out: {', '.join(block['omitted']) or 'none'}")
    if block.get("review"):
        print(f"  {block['review']} unannotated occurrences of annotated surfaces are listed for review in "
              f"{args.into}/annotation/consistency_exceptions.jsonl")
    return 0
