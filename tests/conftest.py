"""Shared fixtures and settings for the test suite."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def require_tool(name, why):
    """Skip when a system tool is missing locally; fail in CI, where `make test` installs it."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed ({why}); `make test` installs it when run as root."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def repo_root():
    return ROOT
