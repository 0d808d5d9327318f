"""Submission validation: every rule gives file:line: field: rule, and nothing is scored."""
import json

import pytest

from newsprep.eval.errors import InvalidInput, NewsPrepError
from newsprep.eval.submission.read import read_submission
from tests.submissions import gold_boilerplate_records, header, write


def problems_of(path):
    with pytest.raises(InvalidInput) as err:
        read_submission(path)
    return {(p.line, p.field, p.rule) for p in err.value.problems}


def entities(doc, *mentions):
    return {"task": "entities", "doc": doc, "mentions": list(mentions)}


def all_docs_entities(*first_doc_mentions):
    return [entities("d000", *first_doc_mentions)] + [entities(f"d00{i}") for i in range(1, 5)]


def test_valid_submission_reads(tmp_path):
    sub = read_submission(write(tmp_path / "s.jsonl", [header()] + gold_boilerplate_records()))
    assert sub.tasks == ("boilerplate",)
    assert len(sub.boilerplate["d002"]) == 85


def test_unknown_document(tmp_path):
    rows = [header()] + gold_boilerplate_records() + [{"task": "boilerplate", "doc": "d042", "spans": []}]
    assert (7, "doc", "known-document") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_missing_document_is_not_scored_as_whole(tmp_path):
    rows = [header()] + gold_boilerplate_records()[:4]
    assert (None, "doc", "every-document") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_duplicate_document_record(tmp_path):
    rows = [header()] + gold_boilerplate_records() + gold_boilerplate_records()[:1]
    assert (7, "doc", "duplicate-record") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_records_per_segment_are_told_to_group_them(tmp_path):
    """A document given twice, or a segment id given as a document, says a submission holds one record per
    document and names group_records."""
    rows = [header()] + gold_boilerplate_records() + [{"task": "boilerplate", "doc": "d000", "spans": []},
                                                      {"task": "boilerplate", "doc": "d001-s004", "spans": []}]
    with pytest.raises(InvalidInput) as err:
        read_submission(write(tmp_path / "s.jsonl", rows))
    by_rule = {p.rule: p.detail for p in err.value.problems}
    assert by_rule["duplicate-record"].startswith("boilerplate for 'd000' already given on line 2; a submission holds "
                                                  "one record per document")
    assert "it names a segment of 'd001'" in by_rule["known-document"]
    assert all("group_records(records)" in by_rule[r] for r in ("duplicate-record", "known-document"))


def test_duplicate_records_in_memory_name_the_first_by_its_record_number():
    """Records in memory are numbered as records: the first of a document given twice is record 1 (the header
    the reader adds is no record of the caller's)."""
    import newsprep.eval as npe

    records = gold_boilerplate_records()
    with pytest.raises(InvalidInput) as err:
        npe.score(records + records[:1], resamples=0)
    [problem] = [p for p in err.value.problems if p.rule == "duplicate-record"]
    assert problem.line == 6 and "already given as record 1;" in problem.detail


def test_offset_out_of_range(tmp_path):
    rows = [header()] + all_docs_entities({"start": 0, "end": 99999, "type": "PERSON"})
    assert (2, "mentions[0].end", "offset-in-range") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_offset_order(tmp_path):
    rows = [header()] + all_docs_entities({"start": 5, "end": 5, "type": "PERSON"})
    assert (2, "mentions[0].end", "offset-order") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_surface_text_must_match(tmp_path):
    rows = [header()] + all_docs_entities({"start": 0, "end": 5, "text": "Putln", "type": "PERSON"})
    assert (2, "mentions[0].text", "surface-text") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_overlapping_entity_spans(tmp_path):
    rows = [header()] + all_docs_entities({"start": 0, "end": 5, "type": "PERSON"}, {"start": 3, "end": 9, "type": "GPE"})
    assert (2, "mentions[1].start", "no-overlap") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_unknown_entity_type(tmp_path):
    rows = [header()] + all_docs_entities({"start": 0, "end": 5, "type": "PERS"})
    assert (2, "mentions[0].type", "schema:enum") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_conll_type_without_the_conll_label_set(tmp_path):
    rows = [header()] + all_docs_entities({"start": 0, "end": 5, "type": "PER"})
    assert problems_of(write(tmp_path / "s.jsonl", rows)) == {(2, "label_set", "label-set")}


def pair(a, b, **extra):
    return {"task": "duplicates", "a": a, "b": b, "label": "paraphrase", **extra}


def test_self_pair(tmp_path):
    found = problems_of(write(tmp_path / "s.jsonl", [header(), pair("d000-s004", "d000-s004")]))
    assert (2, "b", "self-pair") in found


def test_unknown_and_boilerplate_segments(tmp_path):
    found = problems_of(write(tmp_path / "s.jsonl", [header(), pair("d000-s004", "d000-s999"), pair("d000-s003", "d001-s002")]))
    assert (2, "b", "known-segment") in found
    assert (3, "a", "content-segment") in found


def test_duplicate_pair_in_either_order(tmp_path):
    found = problems_of(write(tmp_path / "s.jsonl", [header(), pair("d000-s004", "d001-s009"), pair("d001-s009", "d000-s004")]))
    assert (3, "b", "duplicate-record") in found


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_scores(tmp_path, literal):
    line = json.dumps(pair("d000-s004", "d001-s009")).replace('"label"', f'"score": {literal}, "label"')
    found = problems_of(write(tmp_path / "s.jsonl", [header(), line]))
    assert (2, "-", "json") in found


def test_scores_all_or_none(tmp_path):
    rows = [header(), pair("d000-s004", "d001-s009", score=0.5), pair("d000-s005", "d001-s009")]
    assert (None, "score", "all-or-none") in problems_of(write(tmp_path / "s.jsonl", rows))


def test_wrong_dataset_version(tmp_path):
    found = problems_of(write(tmp_path / "s.jsonl", [header(dataset_version="9.0.0")] + gold_boilerplate_records()))
    assert (1, "dataset_version", "dataset-version") in found


def test_header_must_come_first(tmp_path):
    assert (None, "task", "header-first") in problems_of(write(tmp_path / "s.jsonl", gold_boilerplate_records()))
    found = problems_of(write(tmp_path / "t.jsonl", gold_boilerplate_records() + [header()]))
    assert (6, "task", "header-first") in found


def test_missing_field_and_unknown_task(tmp_path):
    rows = [header(), {"task": "boilerplate", "doc": "d000"}, {"task": "summaries"}]
    found = problems_of(write(tmp_path / "s.jsonl", rows))
    assert (2, "spans", "schema:required") in found
    assert (3, "task", "schema:enum") in found


def test_malformed_json_line(tmp_path):
    found = problems_of(write(tmp_path / "s.jsonl", [header(), '{"task": "boilerplate", "doc": '], raw=True))
    assert (2, "-", "json") in found


def test_non_utf8_input(tmp_path):
    path = write(tmp_path / "s.jsonl", [header()] + gold_boilerplate_records())
    path.write_bytes(path.read_bytes().replace(b"Spread", b"Spr\xe9ad"))
    assert (2, "-", "utf-8") in problems_of(path)


def test_huge_file_refused_before_reading(tmp_path):
    path = write(tmp_path / "s.jsonl", [header()] + gold_boilerplate_records())
    with pytest.raises(InvalidInput) as err:
        read_submission(path, max_bytes=100)
    assert err.value.problems[0].rule == "file-size"


def test_missing_file_and_directory(tmp_path):
    assert (None, "-", "readable") in problems_of(tmp_path / "nope.jsonl")
    assert (None, "-", "regular-file") in problems_of(tmp_path)


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    rows = [header(dataset_version="0.0.1"), pair("d000-s004", "d000-s004"), '{"bad json']
    found = problems_of(write(tmp_path / "s.jsonl", rows, raw=False))
    assert {r for _, _, r in found} >= {"dataset-version", "self-pair", "json"}


def test_records_that_cannot_be_written_to_the_temporary_folder_are_a_message(monkeypatch):
    """Records in memory are validated as the lines of a temporary file: a full disk there is a message naming the
    folder and what to do, not a traceback."""
    import errno
    from pathlib import Path

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(NewsPrepError, match=r"cannot write the records to the temporary folder .*: No space left on "
                                            r"device; make room there or set TMPDIR"):
        read_submission([{"task": "entities", "doc": "d000", "mentions": []}])
