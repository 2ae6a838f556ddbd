"""The program's version, the one place it is written (pyproject reads it from here)."""

from datetime import date

APP_VERSION = "0.1.0"
#: A day this version was certainly out by (set with APP_VERSION): a computer whose date is earlier has a wrong
#: clock (`forms.clock`), such as a station laptop with a flat clock battery that wakes up in 2009.
RELEASED_ON = date(2026, 11, 1)
