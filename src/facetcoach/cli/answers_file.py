"""Reading an answers file named on the command line (`plan --answers`, `checkin --answers`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facetcoach.errors import InputError
from facetcoach.safe_text import ANSWERS_BYTES

AnswersFileOption = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        help="Read the answers from a TOML file instead of asking (docs/commands.md: every key).",
        metavar="FILE.toml",
    ),
]


def read_answers_text(path: Path) -> str:
    """The file's text, or one sentence saying why it cannot be read (exit 2)."""
    try:
        size = path.expanduser().stat().st_size
        if size > ANSWERS_BYTES:
            raise InputError(
                f"The answers file {path} is {size:,} bytes; an answers file is at most "
                f"{ANSWERS_BYTES:,} (a few hundred is usual)."
            )
        return path.expanduser().read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"The answers file {path} does not exist.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the answers file (FILE.toml).") from None
    except RuntimeError:  # ~someone who does not exist
        raise InputError(f"The answers file {path}: there is no such user's home.") from None
    except UnicodeDecodeError:
        raise InputError(f"The answers file {path} is not UTF-8 text.") from None
    except OSError as error:
        raise InputError(f"The answers file {path} cannot be read ({error.strerror}).") from None
