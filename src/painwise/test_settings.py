"""Settings for the test suite: the normal settings with a throw-away data directory.

Set before painwise.settings is imported, so tests never read or write a real data directory,
secret key or field-encryption key file.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-test-"))
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    # Each test worker (a process of its own) gets its own data directory, so its key files, cache and
    # SQLite files are its own: a key rotated by a test in one worker never changes under another's test.
    os.environ["PAINWISE_DATA_DIR"] = os.path.join(os.environ["PAINWISE_DATA_DIR"], worker)
    os.makedirs(os.environ["PAINWISE_DATA_DIR"], exist_ok=True)
os.environ.setdefault("PAINWISE_ALLOW_SIGNUP", "true")

from painwise.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing; Argon2 is tested explicitly
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # tasks run inline in tests

if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):  # noqa: F405
    # A file, as in real use (not shared-cache memory): concurrent connections in the race tests then
    # wait for each other's write lock as a deployment's do, instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# The suite's own field and index keys (a fresh instance: created once per worker).
from painwise.core.blindindex import create_index_key_file  # noqa: E402
from painwise.core.crypto import create_key_file  # noqa: E402

create_key_file(FIELD_KEY_FILE)  # noqa: F405
create_index_key_file(FIELD_INDEX_KEY_FILE)  # noqa: F405
