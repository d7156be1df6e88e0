"""The app's own settings, with the benchmark's floor page added to its URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
