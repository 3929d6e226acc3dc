from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from painwise.testing import make_user


@pytest.mark.django_db
def test_passwords_are_stored_as_argon2_hashes_with_the_production_hashers(settings: Settings) -> None:
    from painwise import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user("dora")
    assert user.password.startswith("argon2$")
    assert user.check_password("correct horse battery staple 42")
