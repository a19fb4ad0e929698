"""A generated corpus of short news-like documents for `copylint screen`'s tests and
benchmark: sentences written for this project, combined at random (fixed seed), and
a share of the documents run through a small article "spinner" that swaps words of
common phrases for synonyms, the damage `garble.collocation` looks for. Some
documents also carry the scraping and consistency slips the other rules catch.

`documents(n)` gives (id, text) pairs; `write_tree`, `write_jsonl`, `write_csv` and
`write_parquet` lay the same documents out as each kind of source.
"""
from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

SENTENCES = [
    "The town council met on Tuesday evening to discuss the new bus timetable.",
    "Residents asked why the library on Elm Street would close two hours earlier.",
    "A spokesperson for the water company said the repairs would take a week.",
    "Doctors at the county hospital warned that a heart attack can look like indigestion.",
    "The report links air pollution near the ring road to asthma in young children.",
    "Farmers say climate change has moved the harvest forward by almost a fortnight.",
    "Scientists measured greenhouse gases above the valley for three summers.",
    "The clinic offers free checks for high blood pressure every Thursday morning.",
    "Nurses explained how the body mass index is worked out from height and weight.",
    "A charity run raised money for research into breast cancer last weekend.",
    "The museum opened an exhibition about the civil war and the families it divided.",
    "He spent two nights in hospital with kidney stones before the operation.",
    "Teachers said global warming now appears in lessons from the age of nine.",
    "The bakery on the corner has won a regional prize for its rye bread.",
    "Mr Hale, who chairs the planning committee, declined to comment.",
    "Mr. Osei said the bridge would reopen before the winter.",
    "Traffic was diverted through the industrial estate while the road was resurfaced.",
    "The football club thanked volunteers who cleared snow from the pitch.",
    "Parents welcomed the decision to keep the swimming pool open in August.",
    "Police asked witnesses to come forward after a van struck a lamp post.",
    "The orchestra will play three concerts in the cathedral next month.",
    "Shop owners reported fewer visitors after the car park fees went up.",
    "A survey found that most commuters would cycle if the lanes were safer.",
    "The mayor promised a decision on the new school by the end of March.",
]
SLIPS = [
    "Officials said the plan was fair , and the vote passed.",  # space before a comma
    "Leave a Reply",  # scraped boilerplate
    "The hall was full.The speeches began late.",  # no space after a full stop
]
# the spinner's table: common phrases and the synonym swaps a spinner makes of them
SPINS = {
    "climate change": "climate alteration",
    "global warming": "worldwide warming",
    "heart attack": "heart assault",
    "breast cancer": "bosom cancer",
    "civil war": "polite war",
    "kidney stones": "kidney rocks",
    "air pollution": "air contamination",
    "greenhouse gases": "nursery gases",
    "high blood pressure": "high blood weight",
    "body mass index": "body mass list",
}
_SPIN = re.compile("|".join(re.escape(p) for p in sorted(SPINS, key=len, reverse=True)))


def spin(text: str) -> str:
    """The text as a spinner would leave it: every phrase of the table swapped."""
    return _SPIN.sub(lambda m: SPINS[m.group(0)], text)


def documents(count: int, seed: int = 18, spun_share: float = 0.3) -> list[tuple[str, str]]:
    """`count` documents as (id, text): two or three paragraphs of two to four
    sentences; about `spun_share` of them spun, a few with slips."""
    rng = random.Random(seed)
    out = []
    for number in range(count):
        paragraphs = []
        for _ in range(rng.randint(2, 3)):
            paragraphs.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 4))))
        if rng.random() < 0.15:
            paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(SLIPS))
        text = "\n\n".join(paragraphs) + "\n"
        spun = rng.random() < spun_share
        folder = "spun" if spun else "plain"
        out.append((f"{folder}/{number // 500:02d}/doc-{number:05d}.txt", spin(text) if spun else text))
    return out


def write_tree(docs, root: Path) -> Path:
    for name, text in docs:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    return root


def write_jsonl(docs, path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        for name, text in docs:
            stream.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
    return path


def write_csv(docs, path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        table = csv.writer(stream)
        table.writerow(["id", "source", "text"])
        for name, text in docs:
            table.writerow([name, "wire", text])
    return path


def write_parquet(docs, path: Path, row_group_size: int = 250) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [n for n, _ in docs], "text": [t for _, t in docs]})
    pq.write_table(table, path, row_group_size=row_group_size)
    return path
