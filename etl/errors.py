"""The ETL's errors, and the file name they carry: every stage raises these, none imports another for them.

LoadError stops a whole load (nothing is changed); ParseError is one cell's reason, kept with the
rejected row; VocabularyError is a vocabulary file that cannot be used.
"""

from __future__ import annotations

import os
from pathlib import Path


class LoadError(Exception):
    """A problem with a whole file: the load stops and nothing is changed. The text says what to fix."""


class ParseError(ValueError):
    """A cell value that cannot be read as the expected type; the message is the reason shown."""


class VocabularyError(ValueError):
    """The vocabulary file cannot be used; the message names the file, the line and the fix."""


def display_name(path: Path) -> str:
    """The file's name for messages, readable even when it is not valid UTF-8 on disk."""
    return os.fsencode(path.name).decode("utf-8", "replace")
