"""``newsprep synth``: a SYNTHETIC corpus made from the gold layers, for tests at scale."""
from __future__ import annotations

import argparse

from newsprep.eval.cli import options
from newsprep.eval.errors import UsageError

NAME = "synth"
HELP = "write a SYNTHETIC corpus made from the gold layers (for tests at scale)"
DESCRIPTION = ("Recombine gold lines of the released documents into synthetic documents with boilerplate lines, "
               "syndicated copies and case/white-space noise; the gold layers move with the text. Same --docs and "
               "--seed give byte-identical files.")
MAX_DOCS = 100_000_000
VALIDATE_MAX = 1000  # the validator reads a whole corpus into memory; larger ones are validated on request


def arguments(p: argparse.ArgumentParser) -> None:
    from newsprep.eval.synth.write import MAX_PARAGRAPHS

    p.add_argument("--docs", type=options.int_in(1, MAX_DOCS), required=True, help="number of documents")
    p.add_argument("--seed", type=options.int_in(0, options.MAX_SEED), default=0, help="seed (default 0)")
    options.out_folder(p, help="new folder to write (must not exist or be empty)", new=True)
    p.add_argument("--paragraphs", type=options.int_in(1, MAX_PARAGRAPHS), nargs=2, default=[4, 12],
                   metavar=("MIN", "MAX"), help=f"content lines per document, 1 to {MAX_PARAGRAPHS} (default 4 12)")
    p.add_argument("--pairs", action=argparse.BooleanOptionalAction, default=None,
                   help="write the duplicate and document pair layers (default: up to 100 documents; they grow with the square)")
    p.add_argument("--validate", action=argparse.BooleanOptionalAction, default=None,
                   help=f"run the data validator on the result (default: up to {VALIDATE_MAX} documents)")
    options.cluster(p, doing="make the documents", same="same bytes as one", environment="if set")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.io.progress import progress_bar
    from newsprep.eval.synth.write import PAIR_LAYERS_MAX_DOCS, write_corpus

    low, high = args.paragraphs
    if not 1 <= low <= high:
        raise UsageError(f"--paragraphs {low} {high}: needs 1 <= MIN <= MAX")
    validate = args.docs <= VALIDATE_MAX if args.validate is None else args.validate
    with progress_bar("writing", total=args.docs, unit="docs") as shown:
        manifest = write_corpus(args.out, docs=args.docs, seed=args.seed, paragraphs=(low, high), pairs=args.pairs,
                                validate=validate, num_proc=args.num_proc, scheduler=args.scheduler, progress=shown)
    omitted = manifest["synthetic"]["omitted"]
    print(f"newsprep synth: {args.docs} SYNTHETIC documents (seed {args.seed}) written to {args.out}; "
          + ("validated" if validate else f"not validated (run: newsprep validate-data --root {args.out})")
          + (f"; pair layers omitted (more than {PAIR_LAYERS_MAX_DOCS} documents; --pairs writes them)" if omitted else ""))
    return 0
