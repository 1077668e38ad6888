"""Normalisation, shrinkage and the epsilon-greedy draw: pure functions."""

import math
import random

import pytest

from psn.learn.evaluate import VersionScore, normalise, ranked, score_versions, shrink


def test_normalise_is_log_ratio_to_channel_mean():
    out = normalise({1: 0.0, 2: math.e - 1, 3: math.e**2 - 1})  # ln(1+s) = 0, 1, 2
    assert out == pytest.approx({1: -1.0, 2: 0.0, 3: 1.0})
    assert sum(out.values()) == pytest.approx(0.0)
    assert normalise({}) == {}


def test_normalise_compares_channels_of_different_sizes():
    small = normalise({1: 9, 2: 99})
    big = normalise({1: 999, 2: 9999})  # same ratios, ten times the audience
    assert small[2] - small[1] == pytest.approx(big[2] - big[1], rel=0.01)


def test_shrink_is_posterior_mean_towards_zero():
    assert shrink([2.0], 3) == pytest.approx(0.5)
    assert shrink([0.8] * 6, 3) == pytest.approx(4.8 / 9)
    assert shrink([], 3) == 0.0 and shrink([], 0) == 0.0
    assert shrink([1.0, 1.0], 0) == pytest.approx(1.0)


def test_one_lucky_post_does_not_win():
    normalised = {1: 2.0, **{10 + i: 0.8 for i in range(6)}, 20: -1.0}
    version_of = {1: 100, **{10 + i: 200 for i in range(6)}, 20: 300}
    scores = {s.version_id: s for s in score_versions(normalised, version_of, [100, 200, 300], 3.0)}
    assert scores[100].samples == 1 and scores[200].samples == 6
    assert ranked(list(scores.values()))[0].version_id == 200
    no_prior = score_versions(normalised, version_of, [100, 200, 300], 0.0)
    assert ranked(no_prior)[0].version_id == 100  # without shrinkage the lucky one would win


def test_ties_go_to_the_newer_version():
    assert ranked([VersionScore(1, 0, 0.0), VersionScore(2, 0, 0.0)])[0].version_id == 2


class _Rng(random.Random):
    def __init__(self, roll: float) -> None:
        super().__init__(0)
        self.roll = roll

    def random(self) -> float:
        return self.roll


def _member(vid: int, samples: int, estimate: float):
    from psn.learn.population import Member

    class V:
        id = vid

    return Member(V(), "active", "file", "", VersionScore(vid, samples, estimate))  # type: ignore[arg-type]


def test_epsilon_greedy_exploits_or_explores_new_versions():
    from psn.learn.choose import pick

    members = [_member(1, 10, 0.4), _member(2, 0, 0.0), _member(3, 8, -0.2)]
    assert pick(members, _Rng(0.9), 0.2, 3).version.id == 1  # exploit: the best estimate
    assert pick(members, _Rng(0.1), 0.2, 3).version.id == 2  # explore: only version 2 is new
    assert pick(members, _Rng(0.0), 0.0, 3).version.id == 1  # rate 0 never explores
    assert pick(members[::2], _Rng(0.0), 1.0, 3).version.id == 1  # nothing new: exploit
