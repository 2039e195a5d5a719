"""Shared fixtures and settings for the test suite."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def skip_or_fail(message):
    """Skip locally when the machine lacks something `make test` sets up; fail in CI, where it must be there."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_tool(name, why):
    """The path of a system tool; skip_or_fail when it is missing."""
    path = shutil.which(name)
    if path is None:
        skip_or_fail(f"{name} is not installed ({why}); `make test` installs it when run as root.")
    return path


@pytest.fixture(scope="session")
def repo_root():
    return ROOT
