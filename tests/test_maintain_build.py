"""Rebuilding the derived data files and the manifest (``newsprep.eval.maintain.build``)."""


def test_build_reproduces_committed_files(data_copy):
    from newsprep.eval.maintain.build import build

    before = {p.name: p.read_bytes() for p in (data_copy / "data").glob("*.jsonl")}
    for name in ("manifest.json", "croissant.json"):
        before[name] = (data_copy / name).read_bytes()
    build(data_copy)
    after = {p.name: p.read_bytes() for p in (data_copy / "data").glob("*.jsonl")}
    for name in ("manifest.json", "croissant.json"):
        after[name] = (data_copy / name).read_bytes()
    assert after == before
