"""copylint: a linter for prose that catches the damage machines do to text."""

__version__ = "0.1.0"
