"""``newsprep export``: the gold layers in formats other tools read."""
from __future__ import annotations

import argparse
from pathlib import Path

from newsprep.eval.cli import options

NAME = "export"
HELP = "write the gold layers as CoNLL BIO, brat standoff, a spaCy DocBin, doccano JSONL or Label Studio JSON"
UNDONE = "nothing was written"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", required=True, choices=["conll", "brat", "docbin", "doccano", "labelstudio"],
                   help="conll: newsprep.conll; brat: dNNN.txt/.ann and annotation.conf; docbin: newsprep.spacy (extra "
                        "spacy); doccano: newsprep.jsonl; labelstudio: newsprep.labelstudio.json")
    options.out_folder(p, help="folder to write (refused if it exists and is not empty, unless --force)", new=True,
                       replace="replace a non-empty --out folder once the new export is complete")
    options.dataset_root(p, "export")
    p.add_argument("--content-only", action="store_true", help="conll: leave out the sentences inside boilerplate")
    p.add_argument("--tokens", choices=["newsprep", "words"], default=None,
                   help="conll: NewsPrep's tokens (default) or the text's words, runs of non-white-space cut where a "
                        "mention starts or ends (a CoNLL file imported by joining its tokens with spaces comes back as it was)")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.data.dataset import listed_records
    from newsprep.eval.export import export
    from newsprep.eval.io.progress import progress_bar

    if args.content_only and args.format != "conll":
        args.usage_error("--content-only applies to --format conll only")
    if args.tokens is not None and args.format != "conll":
        args.usage_error("--tokens applies to --format conll only")
    root = Path(args.root) if args.root else None
    with progress_bar("exporting", total=listed_records("documents", root), unit="docs") as shown:
        paths = export(args.format, args.out, root=root, content_only=args.content_only,
                       tokens=args.tokens or "newsprep", overwrite=args.force, progress=shown)
    print(f"newsprep export: {args.format}, {len(paths)} files in {args.out}")
    return 0
