"""The data version is replaced once, inside the write's transaction, and no reader keeps old rows after it.

A reader reads the version, then the rows (``datacache.cached``). These tests write a check-in and read a
value made from the person's rows before the write, inside the write's transaction (on the writer's and on
another connection), after a rollback and after the commit: after the commit it is always the new rows.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from painwise.accounts.services import local_today
from painwise.core import datacache
from painwise.core.types import User
from painwise.testing import make_checkin, make_user


def days_logged(user_id: int) -> int:
    """A value made from the person's rows, kept like a chart: how many check-ins they have."""
    from painwise.diary.models import CheckIn

    return datacache.cached(user_id, "probe-days", lambda: CheckIn.objects.filter(user_id=user_id).count())


def read_on_another_connection(user_id: int) -> int:
    """``days_logged`` read by another thread, hence on its own database connection."""
    from django.db import connections

    result: list[int] = []

    def read() -> None:
        try:
            result.append(days_logged(user_id))
        finally:
            connections.close_all()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=30)
    assert result, "the reader on another connection did not finish"
    return result[0]


@pytest.mark.django_db
def test_a_write_replaces_the_version_with_one_statement(alice: User) -> None:
    before = datacache.version_of(alice.pk)
    with CaptureQueriesContext(connection) as captured:
        datacache.data_changed(alice.pk)
    assert len(captured.captured_queries) == 1
    assert datacache.version_of(alice.pk) not in {before, datacache.NO_VERSION_YET}


@pytest.mark.django_db
def test_a_checkin_save_writes_the_version_once_and_never_to_the_cache_table(alice: User,
                                                                            alice_client: Client) -> None:
    make_checkin(alice, pain_average=4)
    url = f"/checkin/{local_today(alice).isoformat()}/"
    with CaptureQueriesContext(connection) as captured:
        response = alice_client.post(url, {"pain_average": "6", "pain_worst": "7", "mood": "5"})
    assert response.status_code == 302
    statements = [q["sql"] for q in captured.captured_queries]
    assert sum("core_dataversion" in sql for sql in statements) == 1
    assert not any("painwise_cache" in sql for sql in statements)


@pytest.mark.django_db
def test_a_value_read_after_a_write_is_made_from_the_new_rows(alice: User) -> None:
    make_checkin(alice)
    assert days_logged(alice.pk) == 1
    make_checkin(alice, day=local_today(alice) - dt.timedelta(days=1))
    assert days_logged(alice.pk) == 2
    assert days_logged(make_user("bob").pk) == 0  # another person never gets Alice's value


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_version_and_nothing_made_inside_it(alice: User) -> None:
    make_checkin(alice)
    before = datacache.version_of(alice.pk)
    assert days_logged(alice.pk) == 1

    seen_inside: list[int] = []

    def write_then_fail() -> None:
        with transaction.atomic():
            make_checkin(alice, day=local_today(alice) - dt.timedelta(days=1))
            seen_inside.append(days_logged(alice.pk))  # the writer sees its own rows under its new version
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen_inside == [2]
    assert datacache.version_of(alice.pk) == before
    assert days_logged(alice.pk) == 1


@pytest.mark.django_db
def test_account_deletion_removes_the_version(alice: User) -> None:
    from painwise.accounts.services import delete_account
    from painwise.core.models import DataVersion

    make_checkin(alice)
    assert DataVersion.objects.filter(person_id=alice.pk).exists()
    delete_account(user=alice)
    assert not DataVersion.objects.filter(person_id=alice.pk).exists()


# Two connections need committed data and a database where a reader does not wait for the writer:
# PostgreSQL (the test SQLite database is in memory, shared between threads with table locks).
@pytest.mark.django_db(transaction=True)
def test_a_reader_on_another_connection_gets_the_new_rows_once_the_write_commits() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections: runs when the suite runs on PostgreSQL (PAINWISE_DATABASE_URL)")
    alice = make_user("alice")
    make_checkin(alice)
    assert read_on_another_connection(alice.pk) == 1
    with transaction.atomic():
        make_checkin(alice, day=local_today(alice) - dt.timedelta(days=1))
        # Before the commit the other connection sees the old version and the old rows, and keeps the old
        # count under the old version only.
        assert read_on_another_connection(alice.pk) == 1
        assert days_logged(alice.pk) == 2
    assert read_on_another_connection(alice.pk) == 2
    assert days_logged(alice.pk) == 2
