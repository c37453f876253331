"""The command-line interface: parse arguments, call the core, render, map errors to exit codes."""
