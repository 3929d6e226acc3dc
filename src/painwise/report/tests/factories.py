"""A small fixed diary for report tests: 28 days of check-ins, entries with own ratings, a medication."""

from __future__ import annotations

import datetime as dt

from painwise.core.types import User
from painwise.testing import make_checkin, make_entry, make_medication

START = dt.date(2026, 1, 1)
END = dt.date(2026, 1, 28)


def fill_diary(user: User) -> None:
    """Average pain 6 in the first two weeks and 3 in the last two; heat on even days, rated +1."""
    for offset in range(28):
        day = START + dt.timedelta(days=offset)
        early = offset < 14
        make_checkin(user, day=day, pain_average=6 if early else 3, pain_worst=8 if early else 5,
                     peg_enjoyment=6 if early else 3, peg_activity=6 if early else 3, mood=4 if early else 7,
                     sleep_hours=6.0 if early else 7.5, sleep_quality=4 if early else 6,
                     activities=["walking"] if offset % 3 == 0 else [],
                     regions={"lower_back_left": 6} if early else {})
        if offset % 2 == 0:
            make_entry(user, taken_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), effect=1)
    make_medication(user, "Ibuprofen", schedule="as needed", reason="back pain")
