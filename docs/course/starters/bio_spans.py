"""Exercise bio-spans (entities, easy to medium): from BIO tags to character spans, and spans that fit no tokens.

A token-classification model predicts one tag per token; the benchmark scores
character spans. Tokens here are ``(text, start, end)`` triples with offsets
into the document's text, as ``npe.tokenize(text)`` gives them, and tags are
IOB2 strings (``"B-GPE"``, ``"I-GPE"``, ``"O"``).

Write two functions.

1. ``tags_to_spans(tokens, tags)``: the mentions as ``(start, end, type)``
   triples, in order. ``B-X`` starts a mention of type X; ``I-X`` continues
   the mention of the token just before it if that mention has type X, and
   otherwise starts a new one (an ``I-`` after ``O``, or after another type, is
   read as a start, as the CoNLL evaluation script reads it); ``O`` is outside
   every mention. A mention runs from its first token's start to its last
   token's end.
2. ``misaligned(text, spans)``: the spans, among ``(start, end, type)``
   triples, whose start or end falls inside a token of ``npe.tokenize(text)``
   (the start of a span must be a token's start, its end a token's end), in
   the order given. Such spans cannot be written as one tag per token: a
   system whose offsets come from another tokenizer has them.

For example, with the tokens of "Putin visited Ho Chi Minh City":

    tags_to_spans(tokens, ["B-PERSON", "O", "B-GPE", "I-GPE", "I-GPE", "I-GPE"])
    -> [(0, 5, 'PERSON'), (14, 30, 'GPE')]

Run this file to try them; check them with

    newsprep exercise check bio-spans bio_spans.py
"""
import newsprep.eval as npe


def tags_to_spans(tokens: list[tuple[str, int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """The (start, end, type) mentions the IOB2 tags of the tokens mark."""
    raise NotImplementedError("tags_to_spans: your code here")


def misaligned(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans whose start is not a token start or whose end is not a token end."""
    raise NotImplementedError("misaligned: your code here")


if __name__ == "__main__":
    text = "Putin visited Ho Chi Minh City"
    tokens = npe.tokenize(text)
    print(tags_to_spans(tokens, ["B-PERSON", "O", "B-GPE", "I-GPE", "I-GPE", "I-GPE"]))
    print(misaligned(text, [(0, 5, "PERSON"), (14, 28, "GPE")]))
