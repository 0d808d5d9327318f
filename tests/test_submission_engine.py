"""The one engine (``newsprep.eval.submission.engine``), in partitions: the report of one partition, byte for byte,
however the submission and the documents are cut, and the same problems for a file that breaks a rule.

The Dask tests start a real ``distributed.LocalCluster`` (two worker processes on 127.0.0.1) and a
scheduler and workers from the ``dask`` command line."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest

from newsprep.eval.errors import InvalidInput, NewsPrepError
from newsprep.eval.render.text import FORMATS
from newsprep.eval.scoring.api import score_file
from newsprep.eval.scoring.score import score_file as score_partitioned
from tests.conftest import run_cli
from tests.submissions import imperfect_corpus, shuffled_copy

as_json = FORMATS["json"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A synthetic corpus with an imperfect submission in document order, and the same records shuffled."""
    tmp = tmp_path_factory.mktemp("partitioned")
    root, ordered = imperfect_corpus(tmp, docs=40, seed=11)
    return root, ordered, shuffled_copy(ordered, tmp / "shuffled.jsonl", seed=3)


def one_process(path, root, resamples):
    return as_json(score_file(path, gold=root, resamples=resamples))


@pytest.mark.parametrize("resamples", [0, 40])
@pytest.mark.parametrize("order", ["ordered", "shuffled"])
def test_partitions_in_this_process_give_the_report_of_one(corpus, order, resamples):
    root, ordered, shuffled = corpus
    path = ordered if order == "ordered" else shuffled
    expected = one_process(path, root, resamples)
    for partitions in (1, 2, 3, 4, 7, 50):
        assert as_json(score_partitioned(path, partitions=partitions, root=root, resamples=resamples)) == expected, partitions


def test_shards_matched_by_a_glob_are_read_as_one_file(corpus, tmp_path):
    root, ordered, _ = corpus
    lines = ordered.read_text(encoding="utf-8").splitlines(keepends=True)
    for k, start in enumerate(range(0, len(lines), 30)):
        (tmp_path / f"part-{k:02d}.jsonl").write_text("".join(lines[start:start + 30]), encoding="utf-8")
    sharded = score_file(str(tmp_path / "part-*.jsonl"), gold=root, resamples=30).to_dict()
    whole = score_file(ordered, gold=root, resamples=30).to_dict()
    assert sharded.pop("path") == str(tmp_path / "part-*.jsonl")
    whole.pop("path")
    assert json.dumps(sharded, sort_keys=True) == json.dumps(whole, sort_keys=True)


def test_an_fsspec_url_is_read(corpus):
    root, ordered, _ = corpus
    url = "file://" + str(ordered)
    rows = score_file(url, gold=root, resamples=0, partitions=2).to_dict()["rows"]
    assert rows == score_file(ordered, gold=root, resamples=0).to_dict()["rows"]


def spoil(lines: list[str], kind: str) -> list[str]:
    """The submission's lines with one kind of mistake."""
    out = list(lines)
    records = [json.loads(line) for line in lines]
    ents = [i for i, r in enumerate(records) if r.get("task") == "entities"]
    boil = [i for i, r in enumerate(records) if r.get("task") == "boilerplate"]
    if kind == "offset":
        r = records[ents[3]]
        r["mentions"][0]["end"] = 10 ** 6
        out[ents[3]] = json.dumps(r)
    elif kind == "unknown-doc":
        r = records[ents[5]]
        r["doc"] = "d99999"
        out[ents[5]] = json.dumps(r)
    elif kind == "twice":
        out.insert(ents[-1] + 1, out[ents[2]])
        out.insert(boil[7] + 1, out[boil[7]])
    elif kind == "missing":
        del out[ents[6]]
        del out[boil[1]]
    elif kind == "schema":
        out[ents[4]] = json.dumps({"task": "entities", "doc": records[ents[4]]["doc"]})
        out[boil[2]] = json.dumps({"task": "boilerplate", "doc": 7, "spans": []})
    elif kind == "json":
        out[ents[1]] = out[ents[1]][:-3]
        out.insert(10, "")  # a blank line shifts the numbers of the lines after it
    elif kind == "header-late":
        out.insert(20, out[0])
    elif kind == "no-header":
        del out[0]
    elif kind == "version":
        header = records[0]
        header["dataset_version"] = "0.1.0"
        out[0] = json.dumps(header)
    elif kind == "label-set":
        r = records[ents[8]]
        r["mentions"][0]["type"] = "PERSONA"
        out[ents[8]] = json.dumps(r)
        r = dict(records[ents[9]], doc="d77777")
        r["mentions"] = [dict(r["mentions"][0], type="PLACE")] if r["mentions"] else [{"start": 0, "end": 1, "type": "X"}]
        out[ents[9]] = json.dumps(r)
    elif kind == "many":
        for i in ents:
            r = records[i]
            r["mentions"] = [dict(m, end=10 ** 6) for m in r["mentions"]] * 40
            out[i] = json.dumps(r)
    return out


KINDS = ["offset", "unknown-doc", "twice", "missing", "schema", "json", "header-late", "no-header", "version",
         "label-set", pytest.param("many", marks=pytest.mark.slow)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_that_breaks_a_rule_gets_the_problems_of_one_process(corpus, tmp_path, kind):
    root, ordered, shuffled = corpus
    for source in (ordered, shuffled):
        bad = tmp_path / f"{kind}-{source.stem}.jsonl"
        bad.write_text("\n".join(spoil(source.read_text(encoding="utf-8").splitlines(), kind)) + "\n", encoding="utf-8")
        with pytest.raises(InvalidInput) as one:
            score_file(bad, gold=root, resamples=0)
        expected = [str(p) for p in one.value.problems]
        for partitions in (1, 3, 8):
            with pytest.raises(InvalidInput) as parts:
                score_partitioned(bad, partitions=partitions, root=root, resamples=0)
            got = [str(p) for p in parts.value.problems]
            if kind == "many":  # capped at the same count; the last line names where reading stopped
                assert got[:-1] == expected[:-1] and len(got) == len(expected)
                assert "too-many-problems" in got[-1]
            else:
                assert got == expected, (source.name, partitions)


# --------------------------------------------------------------------------- on a Dask cluster

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as local, distributed.Client(local) as c:
        yield c


@pytest.mark.slow  # a Dask cluster of worker processes
@pytest.mark.parametrize("resamples", [0, 40])
@pytest.mark.parametrize("order", ["ordered", "shuffled"])
def test_a_local_cluster_gives_the_report_of_one_process(corpus, client, order, resamples):
    root, ordered, shuffled = corpus
    path = ordered if order == "ordered" else shuffled
    expected = one_process(path, root, resamples)
    for partitions in (1, 2, 4):
        got = score_partitioned(path, client=client, partitions=partitions, root=root, resamples=resamples)
        assert as_json(got) == expected, partitions


@pytest.mark.slow  # a Dask cluster of worker processes
def test_a_cluster_reports_the_problems_of_one_process(corpus, client, tmp_path):
    root, _, shuffled = corpus
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(spoil(spoil(shuffled.read_text(encoding="utf-8").splitlines(), "twice"), "offset")) + "\n",
                   encoding="utf-8")
    with pytest.raises(InvalidInput) as one:
        score_file(bad, gold=root)
    with pytest.raises(InvalidInput) as parts:
        score_partitioned(bad, client=client, partitions=4, root=root)
    assert [str(p) for p in parts.value.problems] == [str(p) for p in one.value.problems]


@pytest.mark.slow  # a Dask cluster of worker processes
def test_cli_num_proc_starts_a_local_cluster(corpus):
    root, _, shuffled = corpus
    out = run_cli("score", shuffled, "--gold", root, "--num-proc", "2", "--resamples", "20", "--format", "json")
    assert out.code == 0, out.err
    assert out.out == run_cli("score", shuffled, "--gold", root, "--resamples", "20", "--format", "json").out


@pytest.mark.slow  # a Dask cluster of worker processes
def test_a_killed_worker_gives_the_same_report_or_a_message(corpus, tmp_path):
    """Regression guard: a worker lost mid-job must not leave a partial score."""
    root, ordered, _ = corpus
    expected = one_process(ordered, root, 20)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as local, distributed.Client(local) as c:
        pids = list(c.run(os.getpid).values())

        def kill_one():
            time.sleep(0.3)
            os.kill(pids[0], 9)

        killer = threading.Thread(target=kill_one)
        killer.start()
        outcomes = []
        for _ in range(3):
            try:
                from newsprep.eval.parallel.cluster import job_failures

                with job_failures(c):
                    outcomes.append(as_json(score_partitioned(ordered, client=c, partitions=8, root=root, resamples=20)))
            except NewsPrepError as err:
                outcomes.append(str(err))
        killer.join()
    for outcome in outcomes:
        assert outcome == expected or ("failed on the cluster" in outcome and "nothing was scored" in outcome)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow  # a Dask cluster of worker processes
def test_score_against_a_scheduler_started_from_the_dask_command_line(corpus, tmp_path):
    """The issue's acceptance: ``newsprep score SUB --gold DIR --scheduler tcp://127.0.0.1:PORT`` against a
    scheduler and two workers started with ``dask`` gives the JSON of ``newsprep score SUB --gold DIR``."""
    root, _, shuffled = corpus
    dask = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
    if dask is None:
        pytest.skip("the dask command line is not installed")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, DASK_DISTRIBUTED__LOGGING__DISTRIBUTED="error")
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path)
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], **quiet)
    worker = subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1",
                               "--host", "127.0.0.1", "--no-dashboard"], **quiet)
    try:
        with distributed.Client(address, timeout="30s") as c:
            c.wait_for_workers(2, timeout=60)
        on_cluster = run_cli("score", shuffled, "--gold", root, "--scheduler", address, "--format", "json")
        assert on_cluster.code == 0, on_cluster.err
        assert on_cluster.out == run_cli("score", shuffled, "--gold", root, "--format", "json").out
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_an_unreachable_scheduler_is_a_message(corpus):
    root, ordered, _ = corpus
    out = run_cli("score", ordered, "--gold", root, "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert out.code == 2 and "cannot connect" in out.err and out.out == ""


def test_a_block_is_read_once_when_its_lines_are_kept(corpus, monkeypatch):
    """Validation and counting share one read: with every routed line kept, joining the ranges opens no input."""
    import newsprep.eval.submission.ranges as ranges

    root, _, shuffled = corpus
    expected = one_process(shuffled, root, 0)
    opened = []
    monkeypatch.setattr(ranges, "open_input", lambda name: opened.append(name) or open(name, "rb"))
    for partitions in (1, 3):
        assert as_json(score_partitioned(shuffled, partitions=partitions, root=root, resamples=0)) == expected
    assert opened == []


@pytest.mark.parametrize("keep", [0, 3000])
def test_lines_past_the_kept_bytes_are_read_again_with_the_same_report(corpus, monkeypatch, keep):
    """A block keeps at most KEEP_BYTES of its lines; the rest are read again by offset, and the report is the same."""
    import newsprep.eval.submission.blocks as blocks
    import newsprep.eval.submission.ranges as ranges

    root, _, shuffled = corpus
    expected = one_process(shuffled, root, 0)
    opened = []
    monkeypatch.setattr(blocks, "KEEP_BYTES", keep)
    monkeypatch.setattr(ranges, "open_input", lambda name: opened.append(name) or open(name, "rb"))
    for partitions in (1, 3):
        assert as_json(score_partitioned(shuffled, partitions=partitions, root=root, resamples=0)) == expected
    assert opened and set(opened) == {str(shuffled)}


def test_a_kept_line_only_the_exact_parser_reads_is_checked_not_crashed(corpus, tmp_path):
    """An integer past 64 bits meets the schema and the line rules; a kept line holding one is parsed again
    by the exact parser (orjson reads it as a float), and its offset gets the message of any offset past the text."""
    root, ordered, _ = corpus
    lines = ordered.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if '"entities"' in line and '"start"' in line)
    record = json.loads(lines[i])
    record["mentions"][0]["end"] = 10 ** 20
    lines[i] = json.dumps(record) + "\n"
    path = tmp_path / "big.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        score_partitioned(path, partitions=2, root=root, resamples=0)
    problems = caught.value.problems
    assert {p.line for p in problems} == {i + 1} and (problems[0].field, problems[0].rule) == ("mentions[0].end", "offset-in-range")
    assert f"end {10 ** 20} > len(text)" in problems[0].detail  # the integer itself: orjson alone gives a float


class Told:
    """A progress object that adds up what it is told."""

    def __init__(self):
        self.done = 0

    def update(self, n=1):
        self.done += n


@pytest.mark.parametrize("partitions", [1, 3])
def test_progress_is_told_of_every_document_once(corpus, partitions):
    root, _, shuffled = corpus
    told = Told()
    score_partitioned(shuffled, partitions=partitions, root=root, resamples=0, progress=told)
    assert told.done == 40


@pytest.mark.slow  # a Dask cluster of worker processes
def test_progress_on_a_cluster_is_told_a_range_at_a_time(corpus, client):
    from newsprep.eval.submission.engine import read

    root, ordered, _ = corpus
    told = Told()
    read(ordered, client=client, partitions=3, root=root, progress=told)
    deadline = time.monotonic() + 10  # the callbacks run on the client's thread, as each range finishes
    while told.done < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert told.done == 40


def test_score_shows_a_bar_on_request_and_the_same_report(corpus, monkeypatch, capsys):
    from newsprep.eval.cli import main

    root, ordered, _ = corpus
    monkeypatch.setenv("NEWSPREP_PROGRESS", "0")
    assert main(["score", str(ordered), "--gold", str(root), "--resamples", "0"]) == 0
    quiet = capsys.readouterr()
    monkeypatch.setenv("NEWSPREP_PROGRESS", "1")
    assert main(["score", str(ordered), "--gold", str(root), "--resamples", "0"]) == 0
    shown = capsys.readouterr()
    assert quiet.err == "" and shown.out == quiet.out
    assert "scoring:" in shown.err and "/40" in shown.err and "docs/s" in shown.err


def test_a_progress_without_update_is_refused():
    from newsprep.eval.errors import NewsPrepError as Refused

    with pytest.raises(Refused, match="progress"):
        score_file("results/submissions/entities-rules.jsonl", progress=object())


@pytest.mark.slow  # a Dask cluster of worker processes
def test_a_local_cluster_leaves_nothing_in_the_temporary_folder(corpus, tmp_path, monkeypatch):
    """The workers' scratch space is the run's own folder, removed with the cluster: Dask's default, a
    dask-scratch-space folder in the system's temporary folder, outlived every run."""
    import tempfile

    root, ordered, _ = corpus
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    report = score_file(ordered, gold=root, resamples=0, num_proc=2)
    assert report.get("entities", "strict").value > 0
    # multiprocessing's own folder (the forkserver's socket) goes when this process exits
    assert [p.name for p in scratch.iterdir() if not p.name.startswith("pymp-")] == []
