"""File permissions of the data directory: folders 0700, files 0600 (only their owner can read them)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private(path: str | Path) -> bool:
    """Set a file (0600) or folder (0700) to owner-only; True when its mode was changed."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(st.st_mode):
        return False
    wanted = PRIVATE_DIR if stat.S_ISDIR(st.st_mode) else PRIVATE_FILE
    if stat.S_IMODE(st.st_mode) == wanted:
        return False
    os.chmod(path, wanted)
    return True


def tighten_tree(root: Path) -> int:
    """Make ``root`` and everything under it owner-only; returns how many entries were changed."""
    changed = int(make_private(root))
    for folder, dirs, files in os.walk(root):
        changed += sum(make_private(Path(folder) / name) for name in (*dirs, *files))
    return changed
