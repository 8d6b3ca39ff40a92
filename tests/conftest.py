"""Shared test settings.

Property tests run derandomized by default, so that a run (CI's included) is
the same every time: a failure is a fact about the code, reproducible with the
same command, not a roll of the dice. To explore new examples, as a fuzzing
session would, run with ``HYPOTHESIS_PROFILE=explore`` (random seeds, more
examples); add what it finds as fixed regression cases.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
