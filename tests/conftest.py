"""Hypothesis profiles: the suite runs a modest number of examples; a long local
fuzz run uses ``pytest tests/test_properties.py --hypothesis-profile=fuzz``
(``ASRCLEAN_FUZZ_EXAMPLES`` sets how many, 30000 by default)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("ASRCLEAN_FUZZ_EXAMPLES", "30000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
