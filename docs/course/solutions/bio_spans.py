"""Reference solution of the exercise bio-spans (for instructors; the tests check it passes)."""
import newsprep.eval as npe


def tags_to_spans(tokens: list[tuple[str, int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """The (start, end, type) mentions the IOB2 tags of the tokens mark."""
    spans: list[tuple[int, int, str]] = []
    open_type = None  # the type of the mention the previous token is in; None after O
    for (_, start, end), tag in zip(tokens, tags):
        if tag == "O":
            open_type = None
            continue
        prefix, type_ = tag.split("-", 1)
        if prefix == "I" and open_type == type_:
            spans[-1] = (spans[-1][0], end, type_)  # continue the open mention
        else:
            spans.append((start, end, type_))  # B-, or an I- that continues nothing
        open_type = type_
    return spans


def misaligned(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans whose start is not a token start or whose end is not a token end."""
    tokens = npe.tokenize(text)
    starts = {start for _, start, _ in tokens}
    ends = {end for _, _, end in tokens}
    return [span for span in spans if span[0] not in starts or span[1] not in ends]


if __name__ == "__main__":
    text = "Putin visited Ho Chi Minh City"
    tokens = npe.tokenize(text)
    print(tags_to_spans(tokens, ["B-PERSON", "O", "B-GPE", "I-GPE", "I-GPE", "I-GPE"]))
    print(misaligned(text, [(0, 5, "PERSON"), (14, 28, "GPE")]))
