"""The settings registry: every PAINWISE_* environment variable, its default and what it does.

settings.py reads values through this registry only, and docs/configuration.md is generated from it
(`painwise docs` rewrites it; a test fails when the two disagree).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """One environment setting: name without the PAINWISE_ prefix, default (as text) and help."""

    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"PAINWISE_{self.name}"


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "painwise")


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA_DIR", "$XDG_DATA_HOME/painwise (~/.local/share/painwise)",
            "Folder for the SQLite database, the secret key and the field-encryption keys (created mode 0700)."),
    Setting("DATABASE_URL", "",
            "Database URL. Empty means SQLite in the data directory (WAL, busy timeout, immediate "
            "transactions). Use postgres://user@host:5432/name for multi-user deployments."),
    Setting("SECRET_KEY", "",
            "Django signing key. Empty means a random key generated once and kept in the data directory. "
            "Also readable from a file named by PAINWISE_SECRET_KEY_FILE. Must be at least 50 characters."),
    Setting("FIELD_KEY_FILE", "<data dir>/field.keys",
            "File holding the Fernet keys that encrypt sensitive free text at rest (mode 0600, newest first). "
            "Kept apart from the secret key and never created next to encrypted data; rotate with "
            "`painwise keys rotate`, then `painwise keys prune` (docs/operations.md)."),
    Setting("FIELD_INDEX_KEY_FILE", "<data dir>/field.index.key",
            "File holding the key of the blind indexes (HMAC-SHA256) that let encrypted values such as a "
            "therapy's kind be found by equality (mode 0600). Never created next to indexed data; "
            "`painwise backup` includes it."),
    Setting("DEBUG", "false", "Django debug mode. Never enable on a server reachable by others."),
    Setting("ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the server answers to."),
    Setting("ALLOW_SIGNUP", "true", "Whether new accounts can sign up in the browser."),
    Setting("HTTPS", "false",
            "Set to true when served over HTTPS: secure cookies, HSTS and HTTPS redirects are switched on. "
            "Behind a reverse proxy that ends TLS, also set PAINWISE_TRUSTED_PROXY."),
    Setting("TRUSTED_PROXY", "",
            "Comma-separated addresses (or networks, e.g. 10.0.0.0/24) of the reverse proxies in front of "
            "Painwise. Only a request coming from one of them may say, in X-Forwarded-For and "
            "X-Forwarded-Proto, who the visitor is and that the connection was HTTPS; from anyone else "
            "those headers are ignored. Empty: no proxy is trusted."),
    Setting("MAX_IMPORT_MB", "20",
            "Largest diary file accepted by `painwise import`, the data page and POST /api/v1/import, in MB "
            "(a year of a busy diary is about 1 MB of JSON). Larger uploads are refused with 413."),
    Setting("MAX_REQUEST_MB", "2",
            "Largest request body other than an import upload (forms and JSON API calls), in MB; "
            "larger ones are refused with 413 before they are read."),
    Setting("CACHE_MAX_ENTRIES", "50000",
            "Rows the shared cache table keeps before it drops a third of them. It holds the sign-in and "
            "import rate-limit counts and each person's kept charts, pages and results; too small a table "
            "would drop rate-limit counts (they sort first) whenever many people use Painwise."),
    Setting("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key",
            "Failed sign-ins allowed before sign-in is refused for a while, as allauth rates "
            "`amount/period/per` (per ip, or key = the account name tried), comma-separated. Counted in the "
            "database, so every server process shares them."),
    Setting("RATE_LIMIT_TOKEN_FAILED", "10/m/ip,60/h/ip",
            "API calls with an unknown or revoked personal token allowed per client address; after that the "
            "API answers 429 to that address for the rest of the period."),
    Setting("RATE_LIMIT_IMPORT", "10/h/user", "Imports per person (page and API); more answer 429."),
    Setting("RATE_LIMIT_EXPORT", "60/h/user", "Exports per person (page and API); more answer 429."),
    Setting("HOST", "127.0.0.1", "Address `painwise serve` listens on."),
    Setting("PORT", "8000", "Port `painwise serve` listens on."),
    Setting("PROCESSES", "1",
            "Server processes `painwise serve` runs on its port (`--processes`). One process serves about one "
            "core; with many people at once use one per core (2 on a 2-core machine), Linux or macOS only. The "
            "background worker thread runs in the first one (docs/deployment.md)."),
    Setting("EMAIL_URL", "",
            "Outgoing mail server for password-reset e-mails, e.g. smtp://user:password@host:587?tls=true or "
            "smtps://user:password@host:465. Empty: no e-mail is sent and the reset page explains "
            "`painwise user set-password` instead (in DEBUG, mails are printed to the console)."),
    Setting("EMAIL_FROM", "painwise@localhost", "Sender address of the e-mails Painwise sends."),
    Setting("EXTRA_INSTRUMENTS_DIR", "",
            "Folder of extra questionnaire content files for a deployment that holds their licence."),
    Setting("AUDIT_RETENTION_DAYS", "365",
            "Days each account's activity log (sign-ins, exports, tokens…) is kept; older entries are deleted "
            "by `painwise audit prune`."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def env(name: str, default: str | None = None) -> str:
    """Value of PAINWISE_<name> (or PAINWISE_<name>_FILE's contents); ``name`` must be registered."""
    setting = _BY_NAME[name]
    file_name = os.environ.get(f"{setting.env}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    fallback = setting.default if default is None else default
    return os.environ.get(setting.env, fallback)


def env_bool(name: str) -> bool:
    """Registered boolean setting: true/1/yes/on (any case) is True."""
    return env(name).strip().lower() in {"1", "true", "yes", "on"}


def megabytes(name: str) -> int:
    """A registered size setting given in MB (decimals allowed), as bytes; a bad value stops startup."""
    raw = env(name)
    try:
        size = float(raw)
    except ValueError:
        size = -1.0
    if not 0 < size < 100_000:
        raise ValueError(f"PAINWISE_{name} must be a size in MB such as 20 or 0.5, not {raw!r}.")
    return int(size * 1024 * 1024)


def networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """A registered comma-separated list of addresses or networks; a bad entry stops startup."""
    found = []
    for part in (p.strip() for p in env(name).split(",")):
        if not part:
            continue
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"PAINWISE_{name}: {part!r} is not an IP address or network.") from None
    return tuple(found)


def data_dir() -> Path:
    """The data directory, created with mode 0700 when missing."""
    raw = os.environ.get("PAINWISE_DATA_DIR") or _default_data_dir()
    path = Path(raw).expanduser()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def settings_markdown() -> str:
    """The configuration reference as Markdown (docs/configuration.md is this text)."""
    rows = "\n".join(f"| `{s.env}` | {s.default or '(empty)'} | {s.help} |" for s in SETTINGS)
    return (
        "# Configuration\n\n"
        "Every setting is an environment variable. A variable `X` can also be read from a file named by\n"
        "`X_FILE` (for secrets). Every `painwise` command-line option can be set the same way: the\n"
        "options `--host`, `--port` and `--processes` of `painwise serve` are `PAINWISE_HOST`, `PAINWISE_PORT`\n"
        "and `PAINWISE_PROCESSES`; any other\n"
        "option is `PAINWISE_<COMMAND>_<OPTION>`, e.g. `PAINWISE_DEMO_SEED` (see docs/cli.md).\n\n"
        "| Variable | Default | Meaning |\n|---|---|---|\n" + rows + "\n"
    )
