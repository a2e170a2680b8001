from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI runs the whole suite in under five minutes on two cores (pytest-xdist): 125
# examples a property there, 60 on a developer's machine. Before a release, run the
# suite once with HYPOTHESIS_PROFILE=thorough (1,000 examples a property).
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=125,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=1000,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)
