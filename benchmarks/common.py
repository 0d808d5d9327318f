"""What the benchmark scripts share: the machine, measured runs, and a spoiled system's predictions.

Benchmarks are scripts, not tests: they print a Markdown table and write JSON.
Every corpus they use is SYNTHETIC (``newsprep synth``), never the released data.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

# Short synthetic documents: a title, 1-3 content lines and 0-3 boilerplate lines (about 1.4 kB and
# 20 entity mentions each), so that a million of them fit this machine's disk and time.
PARAGRAPHS = (1, 3)

# Peak memory of the process itself is VmHWM (the high-water mark of its resident memory since it
# started); ru_maxrss would include the launching process's memory at the fork before exec.
MEASURE = """
import json, resource, sys, time
from newsprep.eval.cli.main import main
started = time.perf_counter()
code = main(sys.argv[1:])
seconds = time.perf_counter() - started
try:
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak, "workers_peak_mb": workers,
                  "cpu_s": usage.ru_utime + usage.ru_stime}))
"""


def machine() -> dict:
    """CPU model, cores, memory and software versions (no paths)."""
    model = "unknown"
    if Path("/proc/cpuinfo").is_file():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    if Path("/proc/meminfo").is_file():
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kb / 1024 ** 2:.1f} GiB"
    import numpy

    from newsprep.eval import __version__

    return {"cpu": model, "cores": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "numpy": numpy.__version__, "system": f"{platform.system()} {platform.machine()}", "newsprep": __version__,
            "load_average_at_start": load()}


def load() -> list[float] | None:
    """1, 5 and 15 minute load averages: other work on a shared machine slows every timing."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def environment() -> dict[str, str]:
    """The environment of a measured process, with the package's bytecode compiled beforehand, as an installed
    package has it: a process never pays for compiling its modules (``PYTHONDONTWRITEBYTECODE`` is dropped)."""
    import compileall

    import newsprep.eval

    for package in (newsprep.eval,):
        compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)
    return {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONHASHSEED": "0"}


def shuffled(path: Path, out: Path, seed: int) -> Path:
    """The submission at ``path`` with its records (the header apart) in a random order."""
    import random

    lines = path.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    random.Random(seed).shuffle(body)
    out.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return out


def newsprep(*args: str) -> dict:
    """Run ``newsprep ARGS`` in a fresh process; its time and peak resident memory (workers apart)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, env=environment())
    if out.returncode != 0:
        raise RuntimeError(f"newsprep {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise RuntimeError(f"newsprep {' '.join(args)} exited {result['code']}:\n{out.stderr[-2000:]}")
    return result


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started


def spoil(mentions: list[dict], text: str, counter: list[int]) -> list[dict]:
    """A deterministic imperfect system: every 5th mention dropped, every 7th retyped,
    every 9th cut to its first token (so predictions stay on token boundaries)."""
    from newsprep.eval.data.tokens import tokenize

    out = []
    for m in mentions:
        counter[0] += 1
        k = counter[0]
        if k % 5 == 0:
            continue
        m = {"start": m["start"], "end": m["end"], "type": m["type"], "entity_id": m["entity_id"]}
        if k % 7 == 0:
            m["type"] = "ORG" if m["type"] != "ORG" else "GPE"
        elif k % 9 == 0:
            m["end"] = tokenize(text, m["start"], m["end"])[0][2]
            m["entity_id"] = None
        out.append(m)
    return out


def write_predictions(root: Path, path: Path, tasks: tuple[str, ...] = ("boilerplate", "entities")) -> Path:
    """A submission of the spoiled system for a corpus, written one document at a time."""
    from newsprep.eval.data import dataset as data

    files = {name: open(root / "data" / f"{name}.jsonl", encoding="utf-8") for name in ("documents", "boilerplate", "entities")}
    counter = [0]
    try:
        with open(path, "w", encoding="utf-8") as out:
            out.write(json.dumps({"task": "header", "dataset_version": data.data_version(root), "system": "spoiled"}) + "\n")
            for raw in files["documents"]:
                doc = json.loads(raw)
                boiler, entities = json.loads(next(files["boilerplate"])), json.loads(next(files["entities"]))
                assert boiler["doc"] == entities["doc"] == doc["id"]
                if "boilerplate" in tasks:
                    spans = [{"start": s["start"], "end": s["end"]} for i, s in enumerate(boiler["spans"]) if i % 4 != 3]
                    out.write(json.dumps({"task": "boilerplate", "doc": doc["id"], "spans": spans}) + "\n")
                if "entities" in tasks:
                    out.write(json.dumps({"task": "entities", "doc": doc["id"],
                                          "mentions": spoil(entities["mentions"], doc["text"], counter)}) + "\n")
    finally:
        for handle in files.values():
            handle.close()
    return path


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def save(path: str | None, payload: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
