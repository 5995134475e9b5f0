"""Kinsoku line breaking for table cells."""

from hypothesis import given
from hypothesis import strategies as st

from kpidesk.reports.wrap import CLOSING, OPENING, break_lines

measure = len  # one unit per character: easy to reason about


def test_closing_punctuation_never_starts_a_line():
    lines = break_lines("达到基准得八十分，达到挑战得满分。", 8, measure)
    assert lines == ["达到基准得八十", "分，达到挑战得满", "分。"]
    assert all(line[0] not in CLOSING for line in lines)


def test_opening_brackets_never_end_a_line():
    lines = break_lines("收入目标（力争二十三点二）", 5, measure)
    assert all(line[-1] not in OPENING for line in lines)


def test_latin_words_and_numbers_stay_whole():
    lines = break_lines("Base 22.73 earns 20 points", 12, measure)
    assert "22.73" in " ".join(lines).split()
    assert all(len(line) <= 12 for line in lines)


text = st.text(
    alphabet=st.sampled_from(list("达到基准得分挑战目标，。；：！？（）ab1 ")), max_size=60
)


@given(text, st.integers(3, 20))
def test_breaking_keeps_every_character_and_the_rules(value, width):
    lines = break_lines(value, width, measure)
    assert "".join(lines).replace(" ", "") == value.replace(" ", "")
    for line in lines[1:]:
        assert not line or line[0] not in CLOSING
