"""`python -m facetcoach` runs the command-line program."""

from facetcoach.cli.main import run

if __name__ == "__main__":
    run()
