"""``newsprep.eval.folds``: five leave-one-document-out folds of any per-document config, as ``datasets.Dataset``
objects; the test documents are disjoint and cover all five, and no fold trains on its test document."""
from __future__ import annotations

import datasets
import pytest

import newsprep.eval as npe
from newsprep.eval.data.folds import DOCUMENT_FIELDS, row_documents


@pytest.fixture(autouse=True)
def _offline(offline_datasets_cache):
    """A private datasets cache and no network (``offline_datasets_cache`` in conftest)."""


@pytest.mark.parametrize("name", DOCUMENT_FIELDS)
def test_five_folds_whose_test_documents_are_disjoint_and_cover_all_five(name):
    found = npe.folds(name)
    docs = list(npe.documents())
    assert [f.held_out for f in found] == docs
    everything = npe.load(name)
    for fold in found:
        assert isinstance(fold.train, datasets.Dataset) and isinstance(fold.test, datasets.Dataset)
        assert fold.train.features == fold.test.features == everything.features
        test_docs = set().union(*(row_documents(name, r) for r in fold.test))
        train_docs = set().union(*(row_documents(name, r) for r in fold.train))
        assert fold.held_out in test_docs and fold.held_out not in train_docs
        assert fold.test.num_rows > 0 and fold.train.num_rows > 0
    if DOCUMENT_FIELDS[name] in (("doc",), ("id",)):  # a per-document row is a test row of one fold exactly
        assert sum(f.test.num_rows for f in found) == everything.num_rows
        for fold in found:
            assert fold.train.num_rows + fold.test.num_rows == everything.num_rows
            assert {next(iter(row_documents(name, r))) for r in fold.test} == {fold.held_out}


def test_a_pair_is_tested_with_each_of_its_documents_and_trained_on_only_away_from_both():
    found = npe.folds("duplicate_pairs")
    everything = [(r["a"], r["b"]) for r in npe.load("duplicate_pairs")]
    for fold in found:
        test = {(r["a"], r["b"]) for r in fold.test}
        train = {(r["a"], r["b"]) for r in fold.train}
        assert test | train == set(everything) and not test & train
        assert all(fold.held_out in (a[:4], b[:4]) for a, b in test)


def test_the_course_habit_train_on_train_and_evaluate_on_test():
    """What a student writes: a model fitted on ``fold.train`` and scored on ``fold.test``, five times."""
    seen = []
    for fold in npe.folds("tokens"):
        vocabulary = {token for row in fold.train for token in row["tokens"]}
        unseen = sum(token not in vocabulary for row in fold.test for token in row["tokens"])
        seen.append((fold.held_out, unseen > 0))
    assert seen == [(doc, True) for doc in npe.documents()]


def test_folds_of_another_dataset_folder(data_copy):
    found = npe.folds("entities", root=data_copy)
    assert [f.held_out for f in found] == list(npe.documents(data_copy))


def test_a_config_without_documents_has_no_folds():
    with pytest.raises(npe.NewsPrepError, match="entity_table.*no documents to hold out"):
        npe.folds("entity_table")
    with pytest.raises(npe.UnknownConfig):
        npe.folds("sentences")


def test_a_fold_prints_briefly():
    assert repr(npe.folds("boilerplate")[0]) == "Fold(held_out='d000', train=4 rows, test=1 row)"
