"""Malformed optimiser inputs are refused with the file, line and column to fix."""

from __future__ import annotations

import io

import pytest

from mentorkit.domain.matching.errors import MatchingInputError
from mentorkit.domain.matching.tables import (
    _read_edges_in_bulk,
    check_mentors_known,
    read_capacities,
    read_edges,
    read_edges_file,
)


@pytest.fixture(params=["row by row", "in bulk"])
def _edges(request, tmp_path):
    """Both readers: the text-stream one and the vectorised file one must agree on everything."""
    def read(text: str):
        if request.param == "row by row":
            return read_edges(io.StringIO(text), "EDGES.csv")
        path = tmp_path / "EDGES.csv"
        path.write_text(text, encoding="utf-8")
        return read_edges_file(path, "EDGES.csv")

    return read


def test_reads_edges_with_decimal_scores(_edges):
    edges = _edges("mentee_id,mentor_id,score\na,x,72.125\nb,x,40\n")
    assert list(edges.mentee_ids) == ["a", "b"]
    assert edges.score.tolist() == [72125, 40000]


def test_columns_may_come_in_any_order(_edges):
    edges = _edges("score,mentor_id,mentee_id\n50,x,a\n")
    assert (edges.mentee_ids[0], edges.mentor_ids[0], int(edges.score[0])) == ("a", "x", 50000)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mentee_id,mentor_id,score\na,x,1\n" + "a,y,abc\n", "EDGES.csv line 3, column score: 'abc' is not a number"),
        ("mentee_id,mentor_id,score\na,x,100.5\n", "EDGES.csv line 2, column score: '100.5' is outside 0–100"),
        ("mentee_id,mentor_id,score\na,x,nan\n", "EDGES.csv line 2, column score: 'nan' is not a finite number"),
        ("mentee_id,mentor_id,score\n,x,50\n", "EDGES.csv line 2, column mentee_id: the id is empty"),
        ("mentee_id,mentor_id,score\na,x\n", "EDGES.csv line 2: expected 3 values, found 2"),
        ("mentee,mentor_id,score\na,x,1\n", "EDGES.csv line 1: missing column(s) mentee_id"),
        ("", "EDGES.csv line 1: the file is empty"),
        ("mentee_id,mentor_id,score\na,x,1\nb,x,2\na,x,3\n", "EDGES.csv line 4: the pair a,x already appears on line 2"),
        ("mentee_id,mentor_id,score\nb,y,1\na,x,1\na,x,2\nb,y,3\n",
         "EDGES.csv line 4: the pair a,x already appears on line 3"),
        ("mentee_id,mentor_id,score\na,x,1\nb, ,2\n", "EDGES.csv line 3, column mentor_id: the id is empty"),
        ("mentee_id,mentor_id,score\na,x,1\nb,x,\n", "EDGES.csv line 3, column score: '' is not a number"),
        ("mentee_id,mentor_id,score\na,x,1\nb,x,-0.5\n", "EDGES.csv line 3, column score: '-0.5' is outside 0–100"),
        ("mentee_id,mentor_id,score\na,x,1\nb,x,inf\n", "EDGES.csv line 3, column score: 'inf' is not a finite"),
        ("mentee_id,mentor_id,score\na,x,1\nb,x,2,9\n", "EDGES.csv line 3: expected 3 values, found 4"),
    ],
)
def test_bad_edges_name_line_and_column(_edges, text, message):
    with pytest.raises(MatchingInputError) as error:
        _edges(text)
    assert str(error.value).startswith(message)


def test_bad_capacity_names_line_and_column():
    with pytest.raises(MatchingInputError, match=r"CAPS.csv line 3, column capacity: '1.5' is not a number"):
        read_capacities(io.StringIO("mentor_id,capacity\nx,1\ny,1.5\n"), "CAPS.csv")
    with pytest.raises(MatchingInputError, match=r"CAPS.csv line 2, column capacity: '-1' is negative"):
        read_capacities(io.StringIO("mentor_id,capacity\nx,-1\n"), "CAPS.csv")


def test_edges_to_unknown_mentors_are_refused(_edges):
    edges = _edges("mentee_id,mentor_id,score\na,x,50\na,typo,60\n")
    with pytest.raises(MatchingInputError, match="1 mentor id\\(s\\) have no row in the capacities file: typo"):
        check_mentors_known(edges, {"x": 1})


def test_both_readers_give_the_same_edges(tmp_path):
    text = ("\ufeffmentee_id,mentor_id,score,note\n"
            'b,y,12.5,"a, quoted"\na,x,72.125,\n\nc,x,0,\nb,x,100,\n')
    path = tmp_path / "EDGES.csv"
    path.write_text(text, encoding="utf-8")
    slow = read_edges(io.StringIO(text.lstrip("\ufeff")), "EDGES.csv")
    assert _read_edges_in_bulk(path) is not None  # the vectorised path, not its fallback
    fast = read_edges_file(path, "EDGES.csv")
    assert list(fast.mentee_ids) == list(slow.mentee_ids) == ["b", "a", "c"]
    assert list(fast.mentor_ids) == list(slow.mentor_ids)
    for name in ("mentee", "mentor", "score"):
        assert getattr(fast, name).tolist() == getattr(slow, name).tolist()
