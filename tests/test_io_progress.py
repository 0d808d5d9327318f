"""Progress bars: shown on a terminal, never on a pipe or a file, and what a bar is told adds up."""
from __future__ import annotations

import io

import pytest

from newsprep.eval.io import progress


class Counted:
    def __init__(self):
        self.done = 0

    def update(self, n=1):
        self.done += n


def test_no_bar_when_standard_error_is_not_a_terminal(monkeypatch, capsys):
    monkeypatch.delenv(progress.ENV, raising=False)
    with progress.progress_bar("x", total=3) as shown:
        progress.advance(shown, 3)
    assert shown is None and capsys.readouterr().err == ""


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_bar_with_rate_and_time_left(monkeypatch):
    monkeypatch.delenv(progress.ENV, raising=False)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress.progress_bar("validating", total=4) as shown:
        assert shown is not None
        progress.advance(shown, 4)
        assert shown.n == 4
    written = terminal.getvalue()
    assert "validating:" in written and "0/4 [00:00<?, ? docs/s]" in written  # done/total [elapsed<left, rate]
    assert written.endswith("\r")  # cleared when done: the command's own output follows on a clean line


@pytest.mark.parametrize("setting, tty, expected", [("0", True, False), ("1", False, True), ("", False, False)])
def test_the_setting_overrides_the_terminal(monkeypatch, setting, tty, expected):
    monkeypatch.setenv(progress.ENV, setting)
    stream = io.StringIO()
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    assert progress.shown(stream) is expected


def test_a_closed_stream_shows_no_bar(monkeypatch):
    monkeypatch.delenv(progress.ENV, raising=False)
    stream = io.StringIO()
    stream.close()
    assert progress.shown(stream) is False


def test_advance_adds_up_and_ignores_none():
    counted = Counted()
    for n in (1, 0, 5):
        progress.advance(counted, n)
    progress.advance(None, 7)
    assert counted.done == 6
