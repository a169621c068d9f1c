"""A projector slide: one prepared thematic map (indicator, year, tier, classification, title)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slide:
    """One prepared map."""

    indikator: str
    tahun: int
    tingkat: str
    skema: str = "kuantil"
    k: int = 5
    palet: str = "YlOrRd"
    judul: str = ""
