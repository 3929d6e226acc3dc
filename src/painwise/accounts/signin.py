"""allauth's sign-in form with labels in Painwise's words (ACCOUNT_FORMS).

Apart from forms.py: allauth's forms module imports the sign-up form class from there while it loads.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm


class SignInForm(LoginForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or e-mail"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
