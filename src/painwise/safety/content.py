"""Safety's front door for commands that run without a database: crisis lines and flags, PTSD support wording.

Pure content (no Django models), so `painwise questionnaire score` can raise the crisis message and the PTSD
support text without setting up Django. Everything else goes through ``painwise.safety.services``.
"""

from __future__ import annotations

from painwise.safety.crisis import CRISIS_FLAGS as CRISIS_FLAGS
from painwise.safety.crisis import crisis_content as crisis_content
from painwise.safety.crisis import crisis_lines_for as crisis_lines_for
from painwise.safety.ptsd import support_for as support_for
