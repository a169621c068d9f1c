"""Vocabulary that turns free-text attributes of real files into domain codes.

Land status and pola ruang kawasan, as in :mod:`geo.domain.definitions`; kept as data with its tests.
"""

from __future__ import annotations

import re

from geo.domain import definitions

#: Keywords (lower case) -> land-status code; first match wins, order matters.
KATA_STATUS_LAHAN: tuple[tuple[str, str], ...] = (
    ("sengketa", "sengketa"),
    ("hutan", "kawasan_hutan"),
    ("kas desa", "tanah_desa"),
    ("tanah desa", "tanah_desa"),
    ("tkd", "tanah_desa"),
    ("bengkok", "tanah_desa"),
    ("aset pemda", "aset_pemda"),
    ("aset daerah", "aset_pemda"),
    ("bmd", "aset_pemda"),
    ("pemda", "aset_pemda"),
    ("pemerintah", "aset_pemda"),
    ("warga", "milik_warga"),
    ("hak milik", "milik_warga"),
    ("shm", "milik_warga"),
    ("masyarakat", "milik_warga"),
    ("perorangan", "milik_warga"),
)

#: Words in NAMOBJ that mark a kawasan lindung class (ATR/BPN pola ruang).
KATA_LINDUNG: tuple[str, ...] = (
    "lindung",
    "konservasi",
    "sempadan",
    "ruang terbuka hijau",
    "rth",
    "cagar",
    "rawan bencana",
    "mangrove",
    "gambut",
    "resapan",
    "mata air",
    "sekitar danau",
    "waduk",
    "badan air",
    "suaka",
    "taman nasional",
)


def status_lahan_dari_teks(teks: str) -> str | None:
    """Map a free-text land status to a code of ``STATUS_LAHAN_PETA``; None if unknown.

    Examples
    --------
    >>> status_lahan_dari_teks("Tanah Kas Desa")
    'tanah_desa'
    >>> status_lahan_dari_teks("aset_pemda")
    'aset_pemda'
    >>> status_lahan_dari_teks("??") is None
    True
    """
    t = re.sub(r"[_\s]+", " ", str(teks).lower()).strip()
    for kata, kode in KATA_STATUS_LAHAN:
        if kata in t:
            return kode
    return None


def kawasan_dari_namobj(namobj: str) -> str:
    """Return ``'lindung'`` or ``'budi daya'`` for an RTRW class name.

    Examples
    --------
    >>> kawasan_dari_namobj("Kawasan Permukiman")
    'budi daya'
    >>> kawasan_dari_namobj("Badan Air")
    'lindung'
    """
    t = str(namobj).lower()
    return "lindung" if any(k in t for k in KATA_LINDUNG) else "budi daya"


#: Words that say a class is absent ("Tidak Ada", "Bukan Kawasan Rawan"): such a class matches nothing.
_TIDAK_ADA = re.compile(r"^\s*(tidak\s+ada|tidak|bukan|non)\b")


def _bagian_kelas(kelas: str) -> list[set[str]]:
    """The words of each listed part of a class text, leaving out parts that say the class is absent."""
    hasil = []
    for bagian_ in re.split(r"[,;/|]|\bdan\b|&", str(kelas).lower()):
        bagian_ = " ".join(bagian_.split())
        if bagian_ and not _TIDAK_ADA.match(bagian_):
            hasil.append(set(re.findall(r"[a-z0-9]+", bagian_)))
    return hasil


def kelas_tak_dikenal(kata_dikenal: tuple[str, ...], kelas: str) -> bool:
    """Whether some listed part of a class text names none of ``kata_dikenal`` (reported at load time).

    Examples
    --------
    >>> k = ("tinggi", "sedang", "rendah")
    >>> kelas_tak_dikenal(k, "Rawan Banjir Tinggi, Tidak Ada"), kelas_tak_dikenal(k, "Zona Merah")
    (False, True)
    """
    return any(not (kata & set(kata_dikenal)) for kata in _bagian_kelas(kelas))


def verdik_kelas(per_kelas: dict[str, str], kelas: str, baku: str) -> str:
    """The verdict of an overlay class written any way a source writes it.

    ``per_kelas`` maps class words (``tinggi``, ``3``, ``iii``) to verdicts. The class text is
    normalised (case, spacing) and may list several classes ("Rawan Cuaca Ekstrim Tinggi,
    Rawan Gempa Bumi Sedang"): every listed part is matched by whole words and the worst
    verdict wins; a part that says the class is absent ("Tidak Ada", "Bukan …") matches
    nothing. Without a match the overlay's default verdict applies.

    Examples
    --------
    >>> r = {"tinggi": "bersyarat", "3": "bersyarat"}
    >>> verdik_kelas(r, "Rawan Cuaca Ekstrim Tinggi, Rawan Gempa Bumi Sedang", "sesuai")
    'bersyarat'
    >>> verdik_kelas(r, "Tidak Ada Rawan Tinggi", "sesuai"), verdik_kelas(r, "KRB 3", "sesuai")
    ('sesuai', 'bersyarat')
    """
    terburuk = None
    for kata in _bagian_kelas(kelas):
        for kunci, v in per_kelas.items():
            if kunci.lower() in kata and (
                terburuk is None or definitions.VERDIK[v].tingkat > definitions.VERDIK[terburuk].tingkat
            ):
                terburuk = v
    return terburuk or baku
