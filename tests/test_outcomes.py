"""Outcome scoring on hand-computed cases (clinical-rules.md, "Outcome measures")."""

from __future__ import annotations

import pytest

from facetcoach.checkin.scoring import nprs_change, odi_change, odi_percent, psfs_change, psfs_mean
from facetcoach.errors import InputError


def test_odi_all_answered():
    # 2+2+1+3+0+1+2+2+1+1 = 15 of 50 -> 30.0%
    assert odi_percent([2, 2, 1, 3, 0, 1, 2, 2, 1, 1]) == 30.0


def test_odi_one_section_skipped():
    # 16 over 9 answered sections: 100 * 16 / 45 = 35.555... -> 35.6
    assert odi_percent([2, 2, 2, 2, 2, 2, 2, 1, 1, -1]) == 35.6


def test_odi_all_skipped_is_an_error():
    with pytest.raises(InputError, match="Every section"):
        odi_percent([-1] * 10)


def test_odi_needs_ten_sections():
    with pytest.raises(InputError, match="10 sections"):
        odi_percent([1, 2, 3])


def test_psfs_mean():
    assert psfs_mean({"walking": 4, "gardening": 6, "driving": 5}) == 5.0
    assert psfs_mean({}) is None


@pytest.mark.parametrize(
    ("first", "latest", "important", "better"),
    [
        (6, 4, True, True),
        (6, 5, False, True),
        (3, 2, True, True),
        (2, 4, True, False),
        (5, 5, False, False),
    ],
)
def test_nprs_important_change_two_points_or_thirty_percent(first, latest, important, better):
    change = nprs_change(first, latest)
    assert (change.important, change.better) == (important, better)


def test_odi_and_psfs_important_changes():
    assert odi_change(40.0, 30.0).important and odi_change(40.0, 30.0).better
    assert not odi_change(40.0, 31.0).important
    assert psfs_change(4.0, 6.0).important and psfs_change(4.0, 6.0).better
    assert not psfs_change(4.0, 5.5).important
