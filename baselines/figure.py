"""The leaderboard as one picture: ``leaderboard.svg`` and ``leaderboard.png`` beside ``leaderboard.json``.

One panel per task; each system is a point at its main score (boilerplate:
character F1 averaged over documents; entities: strict F1; duplicates: same-content pair F1) with a line
for its 95% interval over documents. A system the paired permutation test cannot tell from the best (Holm's
correction) is labelled "tied", one it can tell below the best "below", the best "best". The marker's shape and colour give the row's
protocol; a filled marker is a peer (a third-party system), a hollow one a
baseline of this package. Drawn with matplotlib (extra ``plots``) from the leaderboard alone.

The files are the same bytes each time they are drawn from the same leaderboard
with the same matplotlib: matplotlib's own style (the user's ``matplotlibrc``
is set aside), the bundled DejaVu Sans font drawn as paths, a fixed salt for the
SVG's ids, and no date or software version in either file. The SVG's
description lists the numbers it draws, so that a reader (or a test) can check
them against the leaderboard without drawing.
"""
from __future__ import annotations

import importlib.util
import io
import os
import secrets
from pathlib import Path

from newsprep.eval import measured_coverage, write_atomic

from .common import DEFAULT, LODO, SIGHT

FILES = ("leaderboard.svg", "leaderboard.png")
INSTALL = "pip install 'newsprep[plots]'"
MAIN = {  # (view, metric, average, statistic) drawn for each task, and the axis label
    "boilerplate": (("all", "chars", "macro-docs", "f1"), "character F1 (non-white-space characters), mean over documents"),
    "entities": (("all", "strict", "micro", "f1"), "strict mention F1"),
    "duplicates": (("same_content", "pairs", "micro", "f1"), "same-content pair F1 (near duplicates and paraphrases)"),
}
STYLE = {DEFAULT: ("o", "#1f77b4"), LODO: ("s", "#2ca02c"), SIGHT: ("D", "#d62728")}  # protocol -> marker, colour
SALT = "newsprep-leaderboard"


def available() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


def points(board: dict) -> dict[str, list[dict]]:
    """Per task, in leaderboard order: each system's main score, interval, protocol and whether it is a peer."""
    out: dict[str, list[dict]] = {}
    for row in board["results"]:
        key = MAIN[row["task"]][0]
        h = next(h for h in row["headline"] if (h["view"], h["metric"], h["average"], h["statistic"]) == key)
        rank = row.get("ranks", {}).get("/".join(key[:3]))
        standing = "" if rank is None else "best" if rank["p"] is None else "tied" if rank["tied"] else "below"
        out.setdefault(row["task"], []).append({"system": row["system"], "value": h["value"], "low": h["low"],
                                                "high": h["high"], "protocol": row["protocol"],
                                                "peer": row["peer"], "rank": standing})
    return out


def description(board: dict) -> str:
    """The numbers the figure draws, one system a line: task, system, score [low, high], protocol, peer or baseline."""
    lines = [f"NewsPrep leaderboard (data {board['data_version']}): main score and 95% interval over documents "
             "(jackknife, Student's t); best, or tied with it by the paired permutation test with Holm's correction"]
    for task, entries in points(board).items():
        lines += [f"{task} {p['system']} {p['value']:.3f} {bounds(p)} {p['protocol']} "
                  f"{'peer' if p['peer'] else 'baseline'}{' ' + p['rank'] if p['rank'] else ''}" for p in entries]
    return "\n".join(lines)


def bounds(p: dict) -> str:
    return "[-, -]" if p["low"] is None else f"[{p['low']:.3f}, {p['high']:.3f}]"


def draw(board: dict):
    """The matplotlib ``Figure`` (Agg canvas) of ``board``, in the current matplotlib style."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    panels = points(board)
    heights = [len(entries) + 2.2 for entries in panels.values()]
    fig = Figure(figsize=(7.5, 0.26 * sum(heights) + 1.0), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    for ax, (task, entries) in zip(axes, panels.items()):
        for k, p in enumerate(entries):
            marker, colour = STYLE[p["protocol"]]
            if p["low"] is not None:
                ax.hlines(k, p["low"], p["high"], color=colour, linewidth=1.4)
            ax.plot([p["value"]], [k], marker=marker, markersize=6.5, color=colour, markeredgewidth=1.4,
                    markerfacecolor=colour if p["peer"] else "white", linestyle="none")
        ax.set_yticks(range(len(entries)), [p["system"] + (f"  ({p['rank']})" if p["rank"] else "") for p in entries],
                      fontsize=8.5)
        ax.set_ylim(len(entries) - 0.4, -0.6)
        ax.set_xlim(-0.02, 1.02)
        ax.set_title(task, loc="left", fontsize=10, fontweight="bold")
        short = measured_coverage(task, *MAIN[task][0], board["data_version"])
        ax.set_xlabel(MAIN[task][1] + (f" (intervals' measured coverage {short:.2f})" if short else ""), fontsize=8.5)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    handles = [Line2D([], [], marker=STYLE[name][0], color=STYLE[name][1], linestyle="none", label=name)
               for name in (DEFAULT, LODO, SIGHT)]
    handles += [Line2D([], [], marker="o", color="#555555", markerfacecolor="#555555", linestyle="none", label="third-party system (peer)"),
                Line2D([], [], marker="o", color="#555555", markerfacecolor="white", linestyle="none", label="baseline of this package")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    fig.suptitle(f"NewsPrep {board['data_version']}: main score per system, 95% interval over documents", fontsize=10.5)
    return fig


def render(board: dict) -> tuple[str, bytes]:
    """The SVG text and the PNG bytes of the figure, drawn in matplotlib's own style (a user's
    ``matplotlibrc`` set aside) with the settings that make the files stable."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update({"svg.hashsalt": SALT, "svg.fonttype": "path", "font.family": "DejaVu Sans"})
        fig = draw(board)
        svg, png = io.StringIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None, "Description": description(board)})
        fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


def write(board: dict, out_dir: str | os.PathLike) -> list[Path]:
    """Write ``leaderboard.svg`` and ``leaderboard.png`` into ``out_dir``, each whole or not at all."""
    out_dir = Path(out_dir)
    svg, png = render(board)
    written = [write_atomic(out_dir / FILES[0], svg)]
    target = out_dir / FILES[1]
    tmp = out_dir / f".{FILES[1]}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "xb") as handle:  # the usual permission bits (0666 less the umask)
            handle.write(png)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return [*written, target]
