"""The `facetcoach` command's entry point: `--version` answered before anything is imported.

Typer's import is most of a bare start (benchmarks/README.md); a script asking for the
version (`facetcoach -V`) needs none of it. Everything else goes to the root group
(cli/main.py).
"""

from __future__ import annotations

import sys

from facetcoach import __version__


def run() -> None:
    """Console-script entry point."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        print(f"facetcoach {__version__}")  # the same line as cli/main.py's --version
        return
    import gc

    # Before Typer's import, not after: its thousands of objects made the collector pass over
    # them several times, about 6 ms of every start (issue 15; cli/main.run says why a
    # command needs no collector).
    gc.disable()
    from facetcoach.cli.main import run as run_app

    try:
        run_app()
    finally:
        # Off or not, the collector makes one last pass at exit over every object still
        # tracked, Typer's thousands among them: about 10 ms of every command (issue 15).
        # Frozen, they are left to the exit, which frees the memory anyway; the interpreter
        # still shuts down as usual (streams flushed, atexit handlers run).
        gc.freeze()
