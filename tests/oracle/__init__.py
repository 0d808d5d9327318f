"""The metrics written out one document at a time, as readable definitions: the oracle the array implementation
(``newsprep.eval.metrics.entity_arrays`` and ``boilerplate_arrays``) is checked against, in the tests only."""
