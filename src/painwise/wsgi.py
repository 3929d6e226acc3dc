from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
application = get_wsgi_application()

# Refuse to start with a missing or mismatched key file (see painwise.core.keycheck).
from painwise.core.keycheck import ensure_keys_if_migrated  # noqa: E402

ensure_keys_if_migrated()
