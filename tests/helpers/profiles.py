"""How big the randomised, sweep and stress tests are: one profile for the whole run.

The profile is named by FACETCOACH_HYPOTHESIS_PROFILE (or pytest's own
--hypothesis-profile, which wins):

- dev (the default): small, for the README's `python -m pytest` loop;
- ci: the sizes CI has always run (about 150 examples a fuzz property), used by .ci/run's
  second pass over the `fuzz` and `stress` tests;
- slow: the long runs, by hand (2,000 examples a fuzz property, 1,000 kills).

Hypothesis tests get max_examples from the profile itself (`examples(n)` for a test whose
size differs from the profile's); other loops read their counts with `sized(...)`.
"""

from __future__ import annotations

import os
from typing import TypeVar

from hypothesis import HealthCheck, settings

ENV = "FACETCOACH_HYPOTHESIS_PROFILE"
DEFAULT = "dev"
# max_examples of a fuzz property in each profile; `examples(n)` scales by the same ratios.
MAX_EXAMPLES = {"dev": 25, "ci": 150, "slow": 2000}

T = TypeVar("T")


def register() -> None:
    """Register the three profiles and load the one the environment names (from conftest)."""
    # dev and slow: random, with the example database, as hypothesis's default; but neither a
    # deadline nor the too-slow health check, which a loaded machine misses (as in ci).
    for name in ("dev", "slow"):
        settings.register_profile(
            name,
            settings.get_profile("default"),
            max_examples=MAX_EXAMPLES[name],
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
    # ci: hypothesis's built-in CI profile (derandomized, no database, no deadline, no
    # too-slow check), which CI loaded before there were profiles here.
    settings.register_profile("ci", settings.get_profile("ci"), max_examples=MAX_EXAMPLES["ci"])
    name = os.environ.get(ENV, "") or DEFAULT
    if name not in MAX_EXAMPLES:
        raise ValueError(f"{ENV}={name!r}: use one of {', '.join(MAX_EXAMPLES)}")
    settings.load_profile(name)


def current() -> str:
    """The profile in force: dev, ci or slow."""
    name = settings.get_current_profile_name()
    return name if name in MAX_EXAMPLES else DEFAULT


def sized(dev: T, ci: T, slow: T) -> T:
    """The value for the profile in force: sized(dev=8, ci=30, slow=250)."""
    return {"dev": dev, "ci": ci, "slow": slow}[current()]


def examples(ci: int, slow: int | None = None) -> int:
    """max_examples for a property that runs `ci` examples in the ci profile, scaled like a
    fuzz property in the others (at least 5), or `slow` in the slow profile if given."""
    name = current()
    if name == "slow" and slow is not None:
        return slow
    return max(5, round(ci * MAX_EXAMPLES[name] / MAX_EXAMPLES["ci"]))
