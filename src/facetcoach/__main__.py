"""`python -m facetcoach` runs the command-line program."""

from facetcoach.cli.launch import run

if __name__ == "__main__":
    run()
