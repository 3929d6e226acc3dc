"""Shared pytest fixtures: a throw-away data directory, and the three people of every access test.

alice owns the data, bob is another signed-in person, and anonymous is nobody. Each test builds
what it needs with the small factories in painwise.testing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from hypothesis import settings
from pytest_django.fixtures import Settings

from painwise.core.types import User

pytest_plugins = ["tests.security.figures"]  # prints the security suite's figures (routes, probes, leaks)

# Property tests check behaviour, not speed (speed lives in bench/): no per-example deadline, which a loaded
# 2-core machine would miss (hypothesis' default is 200 ms) and turn into a flaky failure.
settings.register_profile("painwise", deadline=None)
settings.load_profile("painwise")

# Settings come from painwise.test_settings (pyproject), which points at a throw-away data directory.


@pytest.fixture
def alice(db: None) -> User:
    from painwise.testing import make_user

    return make_user("alice")


@pytest.fixture
def bob(db: None) -> User:
    from painwise.testing import make_user

    return make_user("bob")


@pytest.fixture
def alice_client(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(db: None, bob: User) -> Client:
    from django.test import Client

    other = Client()
    other.force_login(bob)
    return other


@pytest.fixture
def anon_client(db: None) -> Client:
    from django.test import Client

    return Client()


@pytest.fixture
def own_key_files(settings: Settings, tmp_path: Path) -> Path:
    """Fresh encryption and index key files for this test alone (in ``tmp_path``, which it returns).

    A test that rotates or replaces keys must use it: the suite's own key files are shared by every test
    of a worker, and a key changed under another test makes its stored rows unreadable or unfindable.
    Request it before any fixture that creates people (their values are sealed with the key in force).
    """
    from painwise.core import blindindex, crypto

    settings.FIELD_KEY_FILE = tmp_path / "field.keys"
    settings.FIELD_INDEX_KEY_FILE = tmp_path / "field.index.key"
    assert crypto.create_key_file(settings.FIELD_KEY_FILE)
    assert blindindex.create_index_key_file(settings.FIELD_INDEX_KEY_FILE)
    return tmp_path
