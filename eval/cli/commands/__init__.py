"""The commands of ``newsprep``, one module each, in the order ``newsprep --help`` lists them.

A command module declares, side by side:

- ``NAME``: the command (``newsprep NAME``), and ``HELP``: its line in ``newsprep --help``;
- ``DESCRIPTION`` (optional): the text of ``newsprep NAME --help`` above the options;
- ``UNDONE`` (optional): what a failure on invalid input leaves undone, said after the count of problems
  (``newsprep score: 2 problem(s); nothing was scored``);
- ``arguments(p)``: its options, the shared ones through ``newsprep.eval.cli.options``;
- ``run(args) -> int``: the call of the library, and the exit status.

A module imports the library inside ``run``, so that listing the commands stays cheap. Other packages add
commands through the entry point group ``newsprep.commands``: a module of this form, or a function
``register(subparsers, add_statistics_options)`` that adds its own: ``newsprep exercise`` (the module
``newsprep.course.cli``) and ``newsprep baselines``. The command line loads one only when it is named
(``newsprep.eval.cli.main``).
"""

from newsprep.eval.cli.commands import (
    build_data,
    compare,
    export,
    import_corpus,
    init,
    merge,
    release_check,
    report,
    score,
    summary,
    synth,
    validate_data,
)

USER = (validate_data, score, compare, merge, synth, report, export, init, import_corpus, summary)
MAINTAINERS = (release_check, build_data)  # listed after the plug-ins
