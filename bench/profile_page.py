"""Where the time of one page goes: cProfile of single requests, in-process, with a year of demo diary.

    .venv/bin/python bench/profile_page.py [/insights/ /history/chart.svg /history/] [--days 365] [--top 12]

For each URL it signs in the demo person (Django's test client), loads the page once to warm caches, then
profiles one request and prints its wall time, the functions with the most cumulative time and those with
the most own time (template rendering, matplotlib, statistics, decryption and queries show up by name).
It uses a throw-away data directory with SQLite.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import tempfile
import time

os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-profile-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from painwise.core import blindindex, crypto  # noqa: E402
from painwise.demo_account import create_demo_account  # noqa: E402

# Own time of each function, summed by where the function lives (first match wins).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("templates (django.template)", ("django/template", "templatetags")),
    ("charts (matplotlib)", ("matplotlib", "ft2font", "painwise/core/charts", "/PIL/", "fontTools")),
    ("statistics (numpy, painwise.nof1)", ("numpy", "painwise/insights", "painwise/simulation", "scipy")),
    ("decryption (cryptography, painwise crypto)", ("cryptography", "ciphers", "fernet", "base64",
                                                    "painwise/core/crypto", "painwise/core/encrypting",
                                                    "painwise/core/fields", "painwise/core/blindindex")),
    ("queries (django.db, driver)", ("django/db", "sqlite3", "psycopg")),
    ("painwise (other)", ("painwise/",)),
    ("django (other)", ("django/", "ninja", "pydantic", "allauth")),
)


# Time inside a few functions (cumulative, so they overlap: queries run inside templates, for example).
KEY_FUNCTIONS: tuple[tuple[str, str, str], ...] = (
    ("template rendering", "django/template/backends/django.py", "render"),
    ("matplotlib savefig", "matplotlib/figure.py", "savefig"),
    ("insights engine (analyse)", "painwise/nof1/engine.py", "analyse"),
    ("diary as arrays for insights", "painwise/insights/services.py", "diary_arrays_for"),
    ("history data (load_history)", "painwise/diary/history.py", "load_history"),
    ("decryption (crypto.decrypt)", "painwise/core/crypto.py", "decrypt"),
    ("SQL (compiler.execute_sql)", "django/db/models/sql/compiler.py", "execute_sql"),
)


def key_functions(stats: pstats.Stats) -> dict[str, float]:
    found: dict[str, float] = {}
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        for label, where, function in KEY_FUNCTIONS:
            if where in filename and name == function:
                found[label] = found.get(label, 0.0) + row[3]
    return found


def by_group(stats: pstats.Stats) -> dict[str, float]:
    totals: dict[str, float] = {}
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{filename} {name}"  # C functions have no file: their name says whose they are
        group = next((label for label, parts in GROUPS if any(p in where for p in parts)), "other (stdlib, C)")
        totals[group] = totals.get(group, 0.0) + row[2]
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("urls", nargs="*", default=["/insights/", "/history/chart.svg", "/history/"])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    # The key files `painwise init` makes for a new instance.
    crypto.create_key_file(crypto.key_file())
    blindindex.create_index_key_file(blindindex.index_key_file())
    call_command("migrate", interactive=False, verbosity=0)
    print(create_demo_account(username="profiled", password="profile-painwise-2026", days=args.days))  # noqa: S106
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="profiled"))
    for url in args.urls:
        assert client.get(url).status_code == 200, url
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        client.get(url)
        profile.disable()
        wall = time.perf_counter() - started
        total = sum(by_group(pstats.Stats(profile)).values())
        print(f"\n=== {url}: {wall * 1000:.0f} ms (profiled); own time by where the code lives:")
        for label, seconds in by_group(pstats.Stats(profile)).items():
            print(f"  {label:45} {seconds * 1000:7.0f} ms  {100 * seconds / total:3.0f}%")
        print("  time inside (cumulative, overlapping):")
        for label, seconds in key_functions(pstats.Stats(profile)).items():
            print(f"    {label:43} {seconds * 1000:7.0f} ms")
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
            body = out.getvalue()
            print(f"\n=== {url}: {wall * 1000:.0f} ms (profiled), top {args.top} by {order}")
            print(body[body.find("ncalls"):])


if __name__ == "__main__":
    main()
