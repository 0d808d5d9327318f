"""Counting in batches (``newsprep.eval.tasks.counting`` and the tasks' counters): the tallies do not depend on the
batch size, gold types are mapped to the label set, and an empty entity id is given but names nothing."""
import numpy as np
import pytest

from newsprep.eval import records
from newsprep.eval.data import gold
from newsprep.eval.tasks.batch import BATCH
from newsprep.eval.tasks.counting import Counting, per_document_tasks
from newsprep.eval.tasks.entities.counting import VIEWS, EntityBatch, entity_tallies, type_numbers
from tests.submissions import imperfect_predictions


def tallies_of(size: int, label_set: str = "ontonotes5"):
    """The embedded corpus and an imperfect system's predictions, counted in batches of ``size`` documents."""
    predicted = imperfect_predictions()
    texts, truth, boiler = gold.texts(), gold.entities(), gold.boilerplate()
    if label_set == "conll2003":
        mapped = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC"}
        predicted["entities"] = {d: [m for m in ms if m.type in mapped] for d, ms in predicted["entities"].items()}
        predicted["entities"] = {d: [type(m)(m.start, m.end, mapped[m.type], m.entity_id) for m in ms]
                                 for d, ms in predicted["entities"].items()}
    counting = Counting(per_document_tasks(), label_set=label_set)
    for counter in counting.counters.values():
        counter.size = size  # type: ignore[attr-defined]
    for d in sorted(texts):
        counting.add("boilerplate", d, texts[d], {"boilerplate": {"spans": boiler[d]}}, {"spans": predicted["boilerplate"][d]})
        counting.add("entities", d, texts[d], {"entities": {"mentions": truth[d]}, "boilerplate": {"spans": boiler[d]}},
                     {"mentions": predicted["entities"][d]})
    return counting.finish()


def same(a, b) -> bool:
    return (np.array_equal(a.sums, b.sums) and a.n == b.n and a.docs == b.docs and a.confusion == b.confusion
            and a.flags == b.flags and all(np.array_equal(x, y) for x, y in zip(a.row_blocks(), b.row_blocks()))
            and {k: list(v) for k, v in a.values.items()} == {k: list(v) for k, v in b.values.items()})


@pytest.mark.parametrize("label_set", ["ontonotes5", "conll2003"])
def test_the_batch_size_changes_nothing(label_set):
    whole = tallies_of(BATCH, label_set)
    for size in (1, 2, 3):
        parts = tallies_of(size, label_set)
        assert same(parts["boilerplate"], whole["boilerplate"])
        assert all(same(parts["entities"][view], whole["entities"][view]) for view in VIEWS)
    assert whole["entities"]["all"].total("strict")[3] > 0


def test_gold_types_are_mapped_to_conll_and_the_rest_dropped():
    tally = tallies_of(BATCH, "conll2003")["entities"]["all"]
    named = sum(1 for r in records("entities") for m in r["mentions"] if type_numbers("conll2003")[m["type"]] >= 0)
    assert tally.total("strict")[3] == named < sum(len(r["mentions"]) for r in records("entities"))
    assert set(t for pair in tally.confusion for t in pair) <= {"PER", "LOC", "ORG", "MISC", "-"}


def test_an_empty_entity_id_is_given_but_names_nothing():
    tallies = entity_tallies()
    batch = EntityBatch(tallies)
    mention = {"start": 0, "end": 5, "type": "PERSON", "entity_id": "vladimir_putin"}
    batch.add("d000", "", {"entities": {"mentions": [mention]}, "boilerplate": {"spans": []}},
              {"mentions": [{**mention, "entity_id": ""}]})
    batch.flush()
    assert tallies["all"].total("entity_id").tolist() == [0.0, 0.0, 1.0, 1.0]  # predicted with an id, none right
    assert "entity_id" not in tallies["all"].flags
    batch.add("d001", "", {"entities": {"mentions": [mention]}, "boilerplate": {"spans": [{"start": 0, "end": 2}]}},
              {"mentions": [mention]})
    batch.flush()
    assert "entity_id" in tallies["all"].flags and "entity_id" not in tallies["content"].flags  # inside boilerplate


def test_an_entity_id_new_in_the_predictions_never_shares_a_number_with_a_gold_one():
    """Regression: each side numbered its ids from 0, so a predicted id that no gold mention has took the
    number of the first gold id and counted as right."""
    tallies = entity_tallies()
    batch = EntityBatch(tallies)
    mention = {"start": 0, "end": 5, "type": "PERSON", "entity_id": "vladimir_putin"}
    batch.add("d000", "", {"entities": {"mentions": [mention]}, "boilerplate": {"spans": []}},
              {"mentions": [{**mention, "entity_id": "someone_else"}]})
    batch.flush()
    assert tallies["all"].total("entity_id").tolist() == [0.0, 0.0, 1.0, 1.0]
