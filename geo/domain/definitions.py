"""Domain definitions kept as data (see ``../shared/docs/domain.md``).

Tiers, status codes, spatial-plan classes and colours, ITBX semantics, land status,
indicator metadata and the demo kamus usulan live here, in one place, so that pages,
pipelines and tests read the same facts. ``tests/geo/test_definitions.py`` checks that
every entry is complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# --- wilayah (administrative tiers) -------------------------------------------------
Tingkat = Literal["desa", "kecamatan", "kabupaten"]

#: Administrative tiers shown in the sidebar, from the finest up.
TINGKAT_WILAYAH: dict[str, str] = {
    "desa": "Desa/Kelurahan",
    "kecamatan": "Kecamatan",
    "kabupaten": "Kabupaten/Kota",
}

# --- forum tiers and decisions (Permendagri 86/2017) --------------------------------
#: Forum tiers an usulan passes through, in order: code -> label.
TAHAP_FORUM: dict[str, str] = {
    "desa": "Musrenbang Desa/Kelurahan",
    "kecamatan": "Musrenbang Kecamatan",
    "forum_pd": "Forum Perangkat Daerah",
    "kabupaten": "Musrenbang Kabupaten/Kota",
}

#: Decision status at a tier: code -> label.
STATUS_USULAN: dict[str, str] = {
    "diajukan": "Diajukan (belum dibahas)",
    "diterima": "Diterima",
    "ditolak": "Ditolak",
    "ditunda": "Ditunda",
    "dikembalikan": "Dikembalikan",
}

#: Forum decisions on an usulan waiting at a tier: code -> label.
KEPUTUSAN_FORUM: dict[str, str] = {
    "diterima": "Diterima (naik ke tahap berikut)",
    "ditolak": "Ditolak",
    "ditunda": "Ditunda (dibawa ke tahun berikutnya)",
    "dikembalikan": "Dikembalikan ke tahap sebelumnya",
}

#: Selection rules within the pagu: code -> label (saved per forum with its weights).
METODE_PAGU: dict[str, str] = {
    "greedy": "Urut peringkat",
    "knapsack": "Kombinasi terbaik dalam pagu",
}

#: Verdicts an usulan may be accepted with only with an explicit exception reason (issue 18).
VERDIK_PERLU_PENGECUALIAN: frozenset[str] = frozenset({"tidak_sesuai", "perlu_kajian"})

#: Status recorded in ``keputusan`` when a decision is reversed during the forum (never a delete).
STATUS_DIBATALKAN = "dibatalkan"

#: The column that groups usulan into one forum, per tier.
KELOMPOK_FORUM: dict[str, str] = {
    "desa": "kode_desa",
    "kecamatan": "kode_kecamatan",
    "forum_pd": "opd",
    "kabupaten": "opd",
}

#: The pagu kind that caps each forum (no ceiling at the desa forum).
#: At the desa/kelurahan tier only kelurahan have a kabupaten pagu (dana kelurahan); desa
#: plan their Dana Desa themselves, so a desa forum ranks without a ceiling.
JENIS_PAGU: dict[str, str | None] = {
    "desa": "kelurahan",
    "kecamatan": "kecamatan",
    "forum_pd": "opd",
    "kabupaten": "opd",
}

#: Map colour per status (ColorBrewer Set1-like, colour-blind checked against Dark2).
WARNA_STATUS: dict[str, str] = {
    "diajukan": "#377eb8",
    "diterima": "#1b9e77",
    "ditolak": "#d62728",
    "ditunda": "#e6ab02",
    "dikembalikan": "#7570b3",
}

#: Forum rules that regions set locally (domain §1: "typically 10–15 priorities, locally
#: capped"; §5: flag large cost deviations) — defaults, every one configurable on the pages.
ATURAN_FORUM: dict[str, float] = {
    "n_prioritas_kecamatan": 15,  # the kecamatan keeps its top N
    "ambang_deviasi_biaya": 0.25,  # flag cost deviating > 25 % from volume × unit cost
    "jarak_duplikat_m": 200.0,  # same kamus item within this distance …
    "kemiripan_teks_duplikat": 0.5,  # … and word overlap (Jaccard) at least this
    "tahun_cek_didanai": 3,  # also compare with usulan funded in the last N years
    "toleransi_lokasi_m": 50.0,  # an imported location this close to a loaded desa still counts as inside it
}


@dataclass(frozen=True)
class Kriteria:
    """A prioritisation criterion: how it is measured and its default weight (percent)."""

    kode: str
    nama: str
    ukuran: str
    bobot_baku: float


#: Prioritisation criteria (issue: urgency, beneficiaries, socio-economic impact, RPJMD
#: alignment, readiness, cost-effectiveness, need from data, forum votes). Higher = better.
KRITERIA_PRIORITAS: tuple[Kriteria, ...] = (
    Kriteria("urgensi", "Urgensi", "penilaian forum 1–5", 20),
    Kriteria("penerima", "Penerima manfaat", "jumlah jiwa (kelompok rentan dihitung dua kali)", 15),
    Kriteria("dampak", "Dampak sosial-ekonomi", "penilaian forum 1–5", 15),
    Kriteria("selaras_rpjmd", "Keselarasan RPJMD", "penilaian 1–5", 10),
    Kriteria("kesiapan", "Kesiapan", "status lahan, sertifikat, gambar teknis, RAB (0–1)", 10),
    Kriteria("efektivitas_biaya", "Efektivitas biaya", "penerima manfaat per Rp 1 juta", 10),
    Kriteria("kebutuhan", "Kebutuhan menurut data", "nilai indikator desa (mis. % miskin)", 15),
    Kriteria("suara", "Suara forum", "jumlah suara peserta", 5),
)

#: Readiness points of the declared land status (0..1); documents add the rest.
SKOR_LAHAN: dict[str, float] = {"milik_pemda": 1.0, "tanah_desa": 1.0, "milik_warga": 0.3, "belum_jelas": 0.0}

#: Land status declared on an usulan (domain §2).
STATUS_LAHAN_USULAN: dict[str, str] = {
    "milik_pemda": "Milik pemda",
    "tanah_desa": "Tanah desa",
    "milik_warga": "Milik warga",
    "belum_jelas": "Belum jelas",
}

#: Land status of mapped parcels: code -> (label, colour).
STATUS_LAHAN_PETA: dict[str, tuple[str, str]] = {
    "aset_pemda": ("Aset pemda", "#1b9e77"),
    "tanah_desa": ("Tanah desa/kas desa", "#66a61e"),
    "milik_warga": ("Milik warga — perlu pengadaan tanah", "#e6ab02"),
    "sengketa": ("Sengketa", "#d95f02"),
    "kawasan_hutan": ("Kawasan hutan", "#1f5f3a"),
}

#: Who proposed an usulan (the form's "Tingkat pengusul"), and the participant category of
#: :data:`geo.domain.acara.KATEGORI_PESERTA` each kind is counted under in the inclusion figures.
TINGKAT_PENGUSUL: dict[str, str] = {
    "RT/RW": "masyarakat",
    "Desa/Kelurahan": "masyarakat",
    "Lembaga kemasyarakatan": "kader",
    "PKK": "perempuan",
    "Kelompok perempuan": "perempuan",
    "Karang Taruna": "pemuda",
    "Forum anak": "anak",
    "Kelompok disabilitas": "disabilitas",
    "Kelompok lansia": "lansia",
}

SUMBER_DANA: tuple[str, ...] = ("APBD Kabupaten", "APBD Provinsi", "APBN", "Dana Desa", "DAK")


# --- spatial plans -----------------------------------------------------------------
@dataclass(frozen=True)
class KelasPolaRuang:
    """An RTRW pola ruang class (ATR/BPN naming)."""

    kodkws: str
    namobj: str
    kawasan: Literal["lindung", "budi daya"]
    warna: str


POLA_RUANG: tuple[KelasPolaRuang, ...] = (
    KelasPolaRuang("HL", "Kawasan Hutan Lindung", "lindung", "#1b5e20"),
    KelasPolaRuang("SS", "Kawasan Sempadan Sungai", "lindung", "#4fc3f7"),
    KelasPolaRuang("RTH", "Ruang Terbuka Hijau", "lindung", "#66bb6a"),
    KelasPolaRuang("HP", "Kawasan Hutan Produksi", "budi daya", "#8d6e63"),
    KelasPolaRuang("P", "Kawasan Pertanian", "budi daya", "#d4e157"),
    KelasPolaRuang("KP", "Kawasan Perkebunan", "budi daya", "#9ccc65"),
    KelasPolaRuang("PK", "Kawasan Permukiman", "budi daya", "#ffb74d"),
    KelasPolaRuang("KI", "Kawasan Peruntukan Industri", "budi daya", "#9575cd"),
)

#: Class words each overlay kind's sources use, known or not to change the verdict (domain §4): a
#: class text naming none of them is reported when the file is loaded, never silently defaulted.
KELAS_OVERLAY_DIKENAL: dict[str, tuple[str, ...]] = {
    "rawan_bencana": ("tinggi", "sedang", "rendah", "1", "2", "3", "i", "ii", "iii"),
}

#: RDTR zones used in the demo matrix: code -> name.
ZONA_RDTR: dict[str, str] = {
    "RTH-1": "Rimba Kota",
    "R-2": "Perumahan Kepadatan Tinggi",
    "R-3": "Perumahan Kepadatan Sedang",
    "K-1": "Perdagangan dan Jasa Skala Kota",
    "K-2": "Perdagangan dan Jasa Skala WP",
    "SPU": "Sarana Pelayanan Umum",
    "KT": "Kawasan Transportasi",
    "P": "Pertanian",
}

#: ITBX cell values and their meaning.
ITBX: dict[str, str] = {
    "I": "Diizinkan",
    "T": "Terbatas (intensitas, waktu atau jumlah dibatasi)",
    "B": "Bersyarat (memerlukan syarat, mis. dokumen lingkungan)",
    "TB": "Terbatas dan bersyarat",
    "X": "Tidak diizinkan",
}

#: Activity classes for the ITBX lookup: code -> name.
KELAS_KEGIATAN: dict[str, str] = {
    "jalan": "Jalan dan jembatan lingkungan",
    "drainase": "Drainase dan saluran",
    "irigasi": "Jaringan irigasi",
    "pendidikan": "Bangunan pendidikan",
    "kesehatan": "Bangunan kesehatan",
    "pasar": "Pasar rakyat",
    "air_bersih": "Sarana air bersih",
    "ruang_terbuka": "Taman dan ruang terbuka",
    "nonfisik": "Kegiatan nonfisik",
}


# --- spatial conformity (RTRW/RDTR, ITBX, overlays) ------------------------------------
@dataclass(frozen=True)
class Verdik:
    """A conformity verdict: label, map colour, and severity (higher = worse; -1 = no data)."""

    nama: str
    warna: str
    tingkat: int


#: Verdicts, from best to worst; "tidak ada data" stands apart (no zoning where the usulan lies).
VERDIK: dict[str, Verdik] = {
    "sesuai": Verdik("Sesuai", "#1a9850", 0),
    "terbatas": Verdik("Terbatas", "#91cf60", 1),
    "bersyarat": Verdik("Bersyarat", "#fee08b", 2),
    "perlu_kajian": Verdik("Perlu kajian", "#fc8d59", 3),
    "tidak_sesuai": Verdik("Tidak sesuai", "#d73027", 4),
    "tidak_ada_data": Verdik("Tidak ada data", "#969696", -1),
}

#: ITBX cell -> verdict. TB (terbatas dan bersyarat) takes the stricter of the two.
ITBX_VERDIK: dict[str, str] = {"I": "sesuai", "T": "terbatas", "B": "bersyarat", "TB": "bersyarat", "X": "tidak_sesuai"}

#: Activity classes that do not use space (training, nutrition…): always "sesuai".
KEGIATAN_NONFISIK: frozenset[str] = frozenset({"nonfisik"})


@dataclass(frozen=True)
class AturanOverlay:
    """What hitting a special overlay means for a physical activity (domain §4)."""

    verdik: str
    alasan: str
    per_kelas: tuple[tuple[str, str], ...] = ()  # overlay class -> verdict (e.g. hazard tinggi/sedang)
    pengecualian: tuple[tuple[str, str], ...] = ()  # activity class -> verdict


#: The conformity rule, declared in one place. A usulan's verdict is the worst of:
#: every RDTR zone holding at least ``ambang_bagian`` of it (ITBX cell of its activity;
#: no matrix, activity or cell -> perlu kajian); every RTRW pola ruang class holding at
#: least that share (lindung -> tidak sesuai for a physical activity, budi daya -> sesuai);
#: and every special overlay it touches at all (below). If no zone holds the share, the
#: largest one decides. With no RDTR zone and no pola ruang class at all, the verdict is
#: the worst overlay verdict when that is worse than sesuai, else "tidak ada data". A
#: point exactly on a border belongs to every zone it touches (the stricter one wins).
ATURAN_KESESUAIAN: dict[str, float] = {
    "ambang_bagian": 0.10,
    "sempadan_sungai_m": 100.0,  # river lines loaded as overlay "sempadan" are buffered by this
    "sempadan_pantai_m": 100.0,  # PP 21/2021-style coast setback (verify locally)
}

ATURAN_OVERLAY: dict[str, AturanOverlay] = {
    "lp2b": AturanOverlay(
        "tidak_sesuai",
        "LP2B: alih fungsi lahan pertanian pangan berkelanjutan dilarang (UU 41/2009)",
        pengecualian=(("irigasi", "sesuai"),),
    ),
    "sempadan": AturanOverlay(
        "tidak_sesuai",
        "sempadan: bangunan tidak diizinkan di kawasan perlindungan setempat",
        pengecualian=(("drainase", "bersyarat"), ("irigasi", "bersyarat"), ("ruang_terbuka", "bersyarat")),
    ),
    "kawasan_hutan": AturanOverlay("tidak_sesuai", "kawasan hutan: perlu persetujuan penggunaan kawasan hutan (PPKH)"),
    "kkop": AturanOverlay("terbatas", "KKOP: batas ketinggian bangunan di sekitar bandara"),
    "cagar_budaya": AturanOverlay("bersyarat", "cagar budaya: perlu kajian/izin pelestarian"),
    "rawan_bencana": AturanOverlay(
        "sesuai",
        "kawasan rawan bencana",
        per_kelas=(("tinggi", "bersyarat"), ("3", "bersyarat"), ("iii", "bersyarat")),
    ),
}

#: Overlay kinds that count as a protected-area hit (flagged on their own, whatever the verdict).
OVERLAY_LINDUNG: frozenset[str] = frozenset({"lp2b", "sempadan", "kawasan_hutan"})

#: Special overlay kinds a user can load (``load overlay --jenis-overlay``), with labels.
#: Each kind either has a rule in :data:`ATURAN_OVERLAY` or is in :data:`OVERLAY_INFORMASI`.
JENIS_OVERLAY: dict[str, str] = {
    "lp2b": "Lahan pertanian pangan berkelanjutan (LP2B)",
    "rawan_bencana": "Kawasan rawan bencana",
    "kkop": "Kawasan keselamatan operasi penerbangan (KKOP)",
    "sempadan": "Sempadan sungai/pantai",
    "kawasan_hutan": "Kawasan hutan",
    "cagar_budaya": "Cagar budaya",
    "resapan_air": "Kawasan resapan air",
    "fasilitas": "Fasilitas umum (sekolah, posyandu…)",
}

#: Overlay kinds shown on maps only: they never change a conformity verdict.
OVERLAY_INFORMASI: frozenset[str] = frozenset({"resapan_air", "fasilitas"})

#: Declared land status -> mapped parcel statuses that agree with it.
PADANAN_STATUS_LAHAN: dict[str, frozenset[str]] = {
    "milik_pemda": frozenset({"aset_pemda"}),
    "tanah_desa": frozenset({"tanah_desa"}),
    "milik_warga": frozenset({"milik_warga"}),
    "belum_jelas": frozenset(),
}

#: Feasibility thresholds (Kelayakan page; each can be changed there).
ATURAN_KELAYAKAN: dict[str, float] = {
    "akses_dekat_m": 1000.0,  # nearest road/settlement within this: ready
    "akses_jauh_m": 3000.0,  # beyond this: not ready
    "deviasi_biaya": ATURAN_FORUM["ambang_deviasi_biaya"],  # cost vs kamus unit cost (the same rule as entry)
    "dokumen_minimal": 2,  # of gambar teknis, RAB, sertifikat
}


# --- indicators -------------------------------------------------------------------
@dataclass(frozen=True)
class MetaIndikator:
    """Metadata that makes aggregation to higher tiers correct.

    Extensive indicators (counts) are summed. Intensive indicators (rates) are
    recomputed as ``pengali * sum(pembilang) / sum(penyebut)`` when both are given,
    otherwise averaged with weights ``bobot`` — never averaged naively.
    """

    kode: str
    nama: str
    satuan: str
    jenis: Literal["ekstensif", "intensif"]
    sumber: str
    pembilang: str | None = None
    penyebut: str | None = None
    pengali: float | None = None
    bobot: str | None = None
    keterangan: str = ""


# --- kamus usulan (catalogue with unit costs, SSH/HSPK style) -----------------
@dataclass(frozen=True)
class ItemKamus:
    """A kamus usulan entry: what can be proposed, its unit and unit cost."""

    kode: str
    nama: str
    satuan: str
    harga_satuan: float
    bidang: str
    opd: str
    kelas_kegiatan: str
    jenis_geometri: Literal["titik", "garis", "poligon"]


# --- accounts: roles scoped to a wilayah (domain §9) -----------------------------------
@dataclass(frozen=True)
class Peran:
    """One role: its label, the wilayah level it is scoped to, what it may do, which pages it sees.

    ``tingkat`` is ``"desa"``, ``"kecamatan"`` or ``"kabupaten"`` (the account names one
    wilayah of that level), ``"opd"`` (the account names an OPD inside a kabupaten) or
    ``None`` (not scoped: the administrator). ``hak`` maps an action to the forum tiers it
    is allowed at (``"*"``: any tier, or an action without tiers).
    """

    label: str
    tingkat: str | None
    hak: dict[str, frozenset[str]]
    halaman: tuple[str, ...]


_SEMUA = frozenset({"*"})
_HALAMAN_LIHAT = ("beranda", "data_dasar", "proyektor")

#: Roles a deployment separates (domain §9): code -> :class:`Peran`. Actions:
#: ``usulan.tulis`` (create/edit/carry over), ``forum.putuskan`` (decide, undo, weights,
#: votes: per tier), ``slide.tulis``, ``muat`` (reference and bulk loads), ``pagu.tulis``,
#: ``realisasi.tulis``, ``pengguna.kelola`` (accounts), ``audit.baca``, ``acara.tulis`` (forum
#: preparation: schedule, facilitators, address book, invitations, attendance, minutes; per tier).
PERAN: dict[str, Peran] = {
    "desa": Peran(
        "Operator desa/kelurahan",
        "desa",
        {
            "usulan.tulis": frozenset({"desa"}),
            "forum.putuskan": frozenset({"desa"}),
            "acara.tulis": frozenset({"desa"}),
        },
        (*_HALAMAN_LIHAT, "usulan", "prioritas", "forum", "persiapan"),
    ),
    "kecamatan": Peran(
        "Operator kecamatan",
        "kecamatan",
        {
            "usulan.tulis": frozenset({"desa", "kecamatan"}),
            "forum.putuskan": frozenset({"desa", "kecamatan"}),
            "slide.tulis": _SEMUA,
            "acara.tulis": frozenset({"desa", "kecamatan"}),
        },
        (*_HALAMAN_LIHAT, "usulan", "prioritas", "forum", "persiapan", "kesesuaian", "kelayakan", "monitoring"),
    ),
    "opd": Peran(
        "Perangkat daerah (OPD)",
        "opd",
        {
            "usulan.tulis": frozenset({"forum_pd"}),
            "forum.putuskan": frozenset({"forum_pd"}),
            "realisasi.tulis": _SEMUA,
            "renja.tulis": _SEMUA,
        },
        (*_HALAMAN_LIHAT, "usulan", "prioritas", "forum", "kesesuaian", "kelayakan", "monitoring", "anggaran"),
    ),
    "bappeda": Peran(
        "Bappeda",
        "kabupaten",
        {
            "usulan.tulis": _SEMUA,
            "forum.putuskan": _SEMUA,
            "slide.tulis": _SEMUA,
            "muat": _SEMUA,
            "pagu.tulis": _SEMUA,
            "realisasi.tulis": _SEMUA,
            "audit.baca": _SEMUA,
            "acara.tulis": _SEMUA,
            "plafon.tulis": _SEMUA,
            "sinkronisasi.simpan": _SEMUA,
            "renja.tulis": _SEMUA,
        },
        (
            *_HALAMAN_LIHAT,
            "usulan",
            "prioritas",
            "forum",
            "persiapan",
            "kesesuaian",
            "kelayakan",
            "monitoring",
            "evaluasi",
            "sinkronisasi",
            "anggaran",
            "data",
            "audit",
        ),
    ),
    "tapd": Peran(
        "TAPD / BPKAD",
        "kabupaten",
        {"pagu.tulis": _SEMUA, "plafon.tulis": _SEMUA, "sinkronisasi.simpan": _SEMUA, "dpa.tulis": _SEMUA},
        (
            *_HALAMAN_LIHAT,
            "prioritas",
            "forum",
            "kelayakan",
            "monitoring",
            "evaluasi",
            "sinkronisasi",
            "anggaran",
            "data",
        ),
    ),
    "admin": Peran(
        "Administrator",
        None,
        {"pengguna.kelola": _SEMUA, "muat": _SEMUA, "audit.baca": _SEMUA},
        (*_HALAMAN_LIHAT, "data", "audit", "pengguna"),
    ),
    "lihat": Peran("Peninjau (hanya baca)", "kabupaten", {}, (*_HALAMAN_LIHAT, "monitoring", "evaluasi")),
}

#: Account rules: minimum password length, failures before lock-out, lock-out and idle timeout (minutes).
ATURAN_AKUN: dict[str, int] = {
    "panjang_sandi_min": 10,
    "gagal_maks": 5,
    "kunci_menit": 15,
    "batas_diam_menit": 30,
}


# --- monitoring: realisasi, kontrak kritis, achievement bands (domain §6) ------------------
#: Kontrak kritis: (highest planned physical %, lag in points beyond which it is critical), in order.
#: Plan 0–70 %: more than 10 points behind; plan above 70 % (to 100 %): more than 5 points behind.
AMBANG_KRITIS: tuple[tuple[float, float], ...] = ((70.0, 10.0), (100.0, 5.0))


@dataclass(frozen=True)
class PitaCapaian:
    """One RKPD/LKjIP achievement band: code, label, highest achievement % in it (inclusive), colour."""

    kode: str
    label: str
    batas_atas: float
    warna: str


#: Achievement bands (capaian = realisasi ÷ rencana × 100), lowest first. Non-integer values fall
#: in the band whose upper bound they do not exceed: 90,4 % is "tinggi", 90,6 % "sangat tinggi".
PITA_CAPAIAN: tuple[PitaCapaian, ...] = (
    PitaCapaian("sangat_rendah", "Sangat rendah (≤ 50 %)", 50.0, "#d7191c"),
    PitaCapaian("rendah", "Rendah (51–65 %)", 65.0, "#fdae61"),
    PitaCapaian("sedang", "Sedang (66–75 %)", 75.0, "#ffffbf"),
    PitaCapaian("tinggi", "Tinggi (76–90 %)", 90.0, "#a6d96a"),
    PitaCapaian("sangat_tinggi", "Sangat tinggi (≥ 91 %)", float("inf"), "#1a9641"),
)

#: Status of an activity at a month on the monitoring map: code -> (label, colour).
KELAS_DEVIASI: dict[str, tuple[str, str]] = {
    "sesuai": ("Sesuai/lebih cepat dari rencana", "#1a9641"),
    "terlambat": ("Terlambat (belum kritis)", "#fdae61"),
    "kritis": ("Kontrak kritis", "#d7191c"),
    "tidak_melapor": ("Tidak melapor", "#bdbdbd"),
}
