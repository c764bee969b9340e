"""Errors of the loader, in the compiler format ``path:line:col: error: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class LoaderError:
    """One problem in the curated data, located at a file, line and column (1-based)."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: error: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class LoadFailed(Exception):  # noqa: N818 - it names the outcome, like pyoxigraph's errors
    """The data did not load: carries every error of the run, sorted by place."""

    def __init__(self, errors: list[LoaderError]):
        self.errors = sorted(errors)
        super().__init__(f"{len(self.errors)} error(s) in the data:\n" + "\n".join(map(str, self.errors)))
