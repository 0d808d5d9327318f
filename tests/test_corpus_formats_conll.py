"""The CoNLL reader of ``newsprep import``: the text rule, IOB1 and IOB2, bad files named by file and line,
streaming; and ``conll_text(tokens="words")``, with which export → import → export is the identity."""
import os

import pytest

from newsprep.eval.corpus.formats import conll
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.data.tokens import tokenize
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, NewsPrepError
from newsprep.eval.export.conll import conll_files, conll_text
from newsprep.eval.export.gold import GoldDoc, Sentence, load_gold
from newsprep.eval.types import Mention
from tests.test_corpus_import import refused_unopened


def write(tmp_path, content, name="x.conll"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def spans(doc):
    return [(s.start, s.end, s.label, s.where, doc.text[s.start:s.end]) for s in doc.spans]


def gold_doc(doc: SourceDoc) -> GoldDoc:
    """An imported document as the gold that exports it: its sentences, its spans as mentions."""
    sentences = tuple(Sentence(f"s{i}", False, tuple(tokenize(doc.text, s, e))) for i, (s, e) in enumerate(doc.sentences))
    return GoldDoc(doc.name, doc.text, sentences, tuple(Mention(s.start, s.end, s.label) for s in doc.spans), ())


def problems(path):
    with pytest.raises(InvalidInput) as err:
        list(conll.read(path))
    return err.value.problems


# --- (a) hand-written files, exact documents ------------------------------------

def test_name_and_description():
    assert conll.NAME == "conll" and conll.DESCRIPTION and "\n" not in conll.DESCRIPTION


def test_iob2_documents_text_sentences_and_spans(tmp_path):
    path = write(tmp_path, "-DOCSTART- -X- O O\n\nKim B-PERSON\nJong I-PERSON\nUn I-PERSON\nleft O\n.\tO\n\n"
                           "Seoul B-GPE\nreacted O\n\n\n-DOCSTART- -X- O O\n\nHanoi B-GPE\nMoscow B-GPE\n")
    first, second = conll.read(path)
    assert first == SourceDoc("document 1", "Kim Jong Un left .\nSeoul reacted",
                              (SourceSpan(0, 11, "PERSON", "line 3", line=3), SourceSpan(19, 24, "GPE", "line 9", line=9)),
                              str(path), 1, ((0, 18), (19, 32)))
    assert second == SourceDoc("document 2", "Hanoi Moscow", (SourceSpan(0, 5, "GPE", "line 15", line=15), SourceSpan(6, 12, "GPE", "line 16", line=16)),
                               str(path), 13, ((0, 12),))


def test_iob1_an_i_tag_that_continues_nothing_starts_a_span(tmp_path):
    path = write(tmp_path, "-DOCSTART- O\n\nKim I-PER\nJong I-PER\nmet O\nMoon I-PER\nin O\nSeoul I-LOC\nHall I-ORG\n\n"
                           "Trump I-PER\nand O\nPutin B-PER\nPeskov B-PER\n")
    [doc] = conll.read(path)
    assert doc.text == "Kim Jong met Moon in Seoul Hall\nTrump and Putin Peskov"
    assert spans(doc) == [(0, 8, "PER", "line 3", "Kim Jong"), (13, 17, "PER", "line 6", "Moon"),
                          (21, 26, "LOC", "line 8", "Seoul"), (27, 31, "ORG", "line 9", "Hall"),
                          (32, 37, "PER", "line 11", "Trump"), (42, 47, "PER", "line 13", "Putin"),
                          (48, 54, "PER", "line 14", "Peskov")]


def test_extra_middle_columns_first_is_the_token_last_is_the_tag(tmp_path):
    path = write(tmp_path, "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n"
                           "call NN I-NP O\n")
    [doc] = conll.read(path)
    assert (doc.text, doc.line, doc.sentences) == ("EU rejects German call", 1, ((0, 22),))
    assert spans(doc) == [(0, 2, "ORG", "line 3", "EU"), (11, 17, "MISC", "line 5", "German")]


def test_a_file_without_docstart_is_one_document(tmp_path):
    path = write(tmp_path, "\n\nPutin B-PERSON\narrives O\n\n\nin O\nHanoi B-GPE")  # no line end at the end either
    [doc] = conll.read(path)
    assert doc == SourceDoc("document 1", "Putin arrives\nin Hanoi", (SourceSpan(0, 5, "PERSON", "line 3", line=3),
                            SourceSpan(17, 22, "GPE", "line 8", line=8)), str(path), 1, ((0, 13), (14, 22)))


def test_tokens_before_the_first_docstart_are_a_document_of_their_own(tmp_path):
    """Chosen: fine. The lines before the first -DOCSTART- are document 1 (line 1), as in a file without any."""
    path = write(tmp_path, "Putin B-PERSON\n\n-DOCSTART- -X- O O\n\nHanoi B-GPE\n")
    docs = list(conll.read(path))
    assert [(d.name, d.line, d.text) for d in docs] == [("document 1", 1, "Putin"), ("document 2", 3, "Hanoi")]


def test_windows_line_ends_and_a_byte_order_mark_read_as_plain_lines(tmp_path):
    plain = "-DOCSTART- -X- O O\n\nKim B-PER\nleft O\n\nHe O\n"
    crlf = write(tmp_path, b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode(), "crlf.conll")
    assert [(d.text, d.spans, d.sentences) for d in conll.read(crlf)] == [
        (d.text, d.spans, d.sentences) for d in conll.read(write(tmp_path, plain))]


def test_text_is_in_code_points(tmp_path):
    [doc] = conll.read(write(tmp_path, "Ἀθῆναι B-GPE\n🙂 O\nZürich B-GPE\n"))
    assert spans(doc) == [(0, 6, "GPE", "line 1", "Ἀθῆναι"), (9, 15, "GPE", "line 3", "Zürich")]


# --- (b) the gold exported with its words reads back with the gold's mentions -------

def test_gold_exported_as_words_reads_back_with_the_gold_types_and_surfaces(tmp_path):
    gold = load_gold()
    path = write(tmp_path, conll_text(gold, tokens="words"))
    docs = list(conll.read(path))
    assert len(docs) == len(gold) == 5
    for doc, g in zip(docs, gold):
        assert [s.label for s in doc.spans] == [m.type for m in g.mentions]
        assert [doc.text[s.start:s.end] for s in doc.spans] == [" ".join(g.text[m.start:m.end].split()) for m in g.mentions]
        assert len(doc.sentences) == sum(bool(s.tokens) for s in g.sentences)
    assert sum(len(d.spans) for d in docs) == 604


def test_gold_export_import_export_is_the_identity(tmp_path):
    first = conll_text(load_gold(), tokens="words")
    again = conll_text([gold_doc(d) for d in conll.read(write(tmp_path, first))], tokens="words")
    assert again == first


# --- (c) the text rule and the words: a round trip at the format level --------------

FILE = ("-DOCSTART- -X- O O\n\nKim B-PERSON\nJong-un I-PERSON\n's O\nvisit O\nto O\nHanoi B-GPE\nMoscow B-GPE\n(AP) O\n\n"
        "U.S.-led B-NORP\ntalks O\n\n-DOCSTART- -X- O O\n\nPutin B-PERSON\n")


def test_the_words_of_the_text_with_the_spans_give_back_the_file(tmp_path):
    docs = list(conll.read(write(tmp_path, FILE)))
    assert [d.text for d in docs] == ["Kim Jong-un 's visit to Hanoi Moscow (AP)\nU.S.-led talks", "Putin"]
    assert conll_text([gold_doc(d) for d in docs], tokens="words") == FILE.rstrip("\n") + "\n"
    assert conll_files([gold_doc(d) for d in docs], tokens="words") == {"newsprep.conll": FILE.encode("utf-8")}


def test_words_are_cut_where_a_mention_starts_or_ends():
    text = "Putin's Soviet-style  Kremlin\nvisit"
    doc = GoldDoc("h000", text, (Sentence("s1", False, tuple(tokenize(text, 0, 29))), Sentence("s2", False, tuple(tokenize(text, 30)))),
                  (Mention(0, 5, "PERSON"), Mention(8, 14, "NORP"), Mention(22, 29, "ORG")), ())
    assert conll_text([doc], tokens="words").split("\n") == [
        "-DOCSTART- -X- O O", "", "Putin B-PERSON", "'s O", "Soviet B-NORP", "-style O", "Kremlin B-ORG", "", "visit O", ""]
    assert conll_text([doc]).split("\n")[2:6] == ["Putin B-PERSON", "' O", "s O", "Soviet B-NORP"]  # tokens="newsprep"


def test_words_honour_content_only_and_unknown_token_kinds_are_refused():
    gold = load_gold()
    assert conll_text(gold, tokens="newsprep") == conll_text(gold)
    content = conll_text(gold, content_only=True, tokens="words")
    assert content.count("\n\n") < conll_text(gold, tokens="words").count("\n\n")
    with pytest.raises(NewsPrepError, match=r"conll_text\(tokens\).*'newsprep' or 'words'.*'spacy'"):
        conll_text(gold, tokens="spacy")
    with pytest.raises(NewsPrepError, match="tokens"):
        conll_files([], tokens="chars")


# --- (d) bad files: the rule, the file and line, the bad value -----------------------

def test_bad_utf8_names_the_line_and_the_bytes(tmp_path):
    path = write(tmp_path, b"-DOCSTART- -X- O O\n\nStra\xdfe B-LOC\nok O\n")
    [p] = problems(path)
    assert (p.rule, p.line) == ("utf-8", 3)
    assert str(p).startswith(f"{path}:3: ") and "b'\\xdf'" in str(p) and "Stra" in str(p)


def test_a_line_with_one_column(tmp_path):
    path = write(tmp_path, "-DOCSTART- -X- O O\n\nPutin B-PERSON\narrives\n")
    [p] = problems(path)
    assert (p.rule, p.line) == ("columns", 4) and str(p).startswith(f"{path}:4: ") and "'arrives'" in str(p)


@pytest.mark.parametrize("tag", ["X-PER", "B-", "b-PER", "PER", "I_PER"])
def test_a_tag_that_is_not_o_b_x_or_i_x(tmp_path, tag):
    path = write(tmp_path, f"-DOCSTART- -X- O O\n\nPutin {tag}\n")
    [p] = problems(path)
    assert (p.rule, p.line) == ("bio-tag", 3) and str(p).startswith(f"{path}:3: ") and repr(tag) in str(p)


def test_an_empty_document_is_a_problem_at_its_docstart_line(tmp_path):
    path = write(tmp_path, "-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n\nPutin B-PERSON\n\n-DOCSTART- -X- O O\n\n")
    first, last = problems(path)
    assert (first.rule, first.line, last.rule, last.line) == ("empty-document", 1, "empty-document", 7)
    assert str(first).startswith(f"{path}:1: ") and "document 1 ('-DOCSTART- -X- O O')" in str(first)
    assert "before the end of the file" in str(last)
    [p] = problems(write(tmp_path, "\n\n", "blank.conll"))
    assert (p.rule, p.line) == ("empty-document", None) and "no token" in str(p)


def test_every_problem_of_the_file_is_listed_up_to_the_limit(tmp_path):
    path = write(tmp_path, "-DOCSTART- O\n\nPutin\n\n-DOCSTART- O\n\nok O\nHanoi X-GPE\n")
    assert [(p.line, p.rule) for p in problems(path)] == [(3, "columns"), (8, "bio-tag")]
    many = problems(write(tmp_path, "x\n" * (MAX_PROBLEMS + 50), "many.conll"))
    assert len(many) == MAX_PROBLEMS + 1 and many[-1].rule == "too-many-problems"


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path):
    [p] = problems(tmp_path / "none.conll")
    assert p.rule == "readable" and str(tmp_path / "none.conll") in str(p)


# --- (e) streaming -------------------------------------------------------------------

def test_the_first_document_comes_before_a_later_bad_line_is_read(tmp_path):
    path = write(tmp_path, "-DOCSTART- -X- O O\n\nPutin B-PERSON\n\n-DOCSTART- -X- O O\n\nHanoi B-GPE\n\n"
                           "-DOCSTART- -X- O O\n\nMoscow Q-GPE\n\n-DOCSTART- -X- O O\n\nfine O\n")
    docs = conll.read(path)
    assert next(docs).text == "Putin"
    assert next(docs).text == "Hanoi"
    with pytest.raises(InvalidInput) as err:
        next(docs)  # the bad document is not given, nor any after it: the file is read to its end for its problems
    assert [(p.line, p.rule) for p in err.value.problems] == [(11, "bio-tag")]


# --- (f) columns, white space in tokens, and what a reader must not read whole --------

def test_a_tab_separated_line_keeps_its_empty_middle_fields_and_a_token_with_other_white_space_is_refused(tmp_path):
    [doc] = conll.read(write(tmp_path, "Putin\tNNP\t\tB-PERSON\nleft\tVBD\t\tO\n"))
    assert doc.text == "Putin left" and spans(doc) == [(0, 5, "PERSON", "line 1", "Putin")]
    path = write(tmp_path, "New\u00a0York B-GPE\nis O\n", "nbsp.conll")
    [p] = problems(path)
    assert (p.rule, p.line) == ("token-space", 1) and "U+00A0" in p.detail and "'New\\xa0York'" in p.detail


def test_a_document_longer_than_a_document_may_be_is_refused_as_it_is_read(tmp_path):
    from newsprep.eval.corpus.build import MAX_TEXT_CHARS

    path = write(tmp_path, "-DOCSTART- -X- O O\n\n" + "word O\n" * (MAX_TEXT_CHARS // 5 + 1))
    [p] = problems(path)
    assert (p.rule, p.line, p.field) == ("text-size", 1, "-DOCSTART-") and f"more than {MAX_TEXT_CHARS}" in p.detail
    at_limit = "abcd O\n" * (MAX_TEXT_CHARS // 5 - 1) + "abcde O\n"
    [doc] = conll.read(write(tmp_path, at_limit, "limit.conll"))
    assert len(doc.text) == MAX_TEXT_CHARS
    assert [p.rule for p in problems(write(tmp_path, at_limit + "x O\n", "over.conll"))] == ["text-size"]


def test_a_line_longer_than_the_line_limit_is_skipped_unread(tmp_path):
    from newsprep.eval.io.jsonl import MAX_LINE_BYTES

    path = write(tmp_path, b"Putin B-PERSON\n" + b"x" * (MAX_LINE_BYTES + 10) + b" O\nleft O\n")
    [p] = problems(path)
    assert (p.rule, p.line) == ("line-size", 2)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_unopened(tmp_path):
    os.mkfifo(tmp_path / "x.conll")
    assert [p.rule for p in refused_unopened(conll.read, tmp_path / "x.conll")] == ["regular-file"]
