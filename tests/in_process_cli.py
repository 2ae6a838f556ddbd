"""Run an ``anju`` command in this process, as ``desktop.cli.main`` runs it: the commands one module registers,
its output and exit code (a refusal printed as the CLI prints it). Faster than a subprocess, for tests that check a
command's words rather than its start-up."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from desktop.cli import fail
from forms.errors import AnjuError


def run_in_process(register: Callable[[Any], None], *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``anju ARGV`` with the commands ``register`` adds."""
    parser = argparse.ArgumentParser(prog="anju")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = args.handler(args)
        except AnjuError as exc:
            code = fail(exc.zh, exc.en, args)
    return int(code), out.getvalue(), err.getvalue()
