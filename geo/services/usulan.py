"""Use cases on one usulan: capture from the map, edit with a version check, carry over.

The Usulan page, the import loader and the CLI call these. The rules come from
:mod:`geo.domain.usulan` (the record, validation, duplicates); every statement from
:mod:`geo.store.usulan` and :mod:`geo.store.tulis`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import shapely

from geo.domain import definitions
from geo.domain.akses import Pengguna, opd_usulan, pastikan, pastikan_baca, saring_baca
from geo.domain.usulan import KOLOM_PRIBADI, KOLOM_UBAH, baris_usulan, cari_duplikat, periksa_usulan
from geo.errors import KesalahanInput, Masalah
from geo.store import kueri
from geo.store import usulan as simpanan
from geo.store.db import Gudang
from geo.store.tulis import sama, tulis_berversi
from geo.store.usulan import Lokasi

log = logging.getLogger(__name__)

_JENIS_GEOMETRI = {"Point": "titik", "LineString": "garis", "Polygon": "poligon"}


@dataclass
class HasilSimpan:
    """Outcome of saving: the new id (None when held back for duplicates), flags, duplicates."""

    id: int | None
    tanda: list[str] = field(default_factory=list)
    duplikat: pd.DataFrame = field(default_factory=pd.DataFrame)
    lokasi: Lokasi | None = None


def _kamus(gudang: Gudang) -> dict[str, dict]:
    """The kamus as code -> record, the shape :func:`geo.domain.usulan.periksa_usulan` reads."""
    return kueri.kamus(gudang).to_dict("index")


def duplikat_usulan(con: duckdb.DuckDBPyConnection, kandidat: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Earlier usulan similar to ``kandidat``: same year, or funded in the last N years.

    Parameters
    ----------
    con : duckdb connection
        With ``kerja`` and ``ref`` attached (a :meth:`geo.store.db.Gudang.sesi` or
        :func:`geo.store.db.transaksi_kerja` connection).
    kandidat : DataFrame
        ``id`` (any placeholder for a new one), ``kode_kamus``, ``uraian``, ``geometry``.
    tahun : int
        The budget year of the candidates.

    Returns
    -------
    DataFrame
        :func:`geo.domain.usulan.cari_duplikat` columns plus the other usulan's ``tahun``,
        ``uraian``, ``desa``, ``tahap`` and ``status``.
    """
    n = int(definitions.ATURAN_FORUM["tahun_cek_didanai"])
    minx, miny, maxx, maxy = shapely.bounds(shapely.union_all(list(kandidat["geometry"]))).tolist()
    d = 0.01  # ~1 km margin in degrees, well beyond the 200 m rule
    lama = simpanan.usulan_pembanding(con, tahun, n, (minx - d, miny - d, maxx + d, maxy + d))
    hasil = cari_duplikat(kandidat, lama)
    info = lama.drop(columns="geometry").rename(columns={"id": "id_lama"})
    return hasil.merge(info, on="id_lama", how="left")


def _periksa_lokasi(
    gudang: Gudang, data: dict, geom: shapely.Geometry | None, kode_kabupaten: str, item: dict | None
) -> tuple[list[Masalah], list[str], Lokasi | None]:
    """Problems and flags of the location; fills ``data["kode_desa"]`` from the geometry when empty."""
    masalah: list[Masalah] = []
    tanda: list[str] = []
    if geom is None or geom.is_empty:
        masalah.append(
            Masalah("formulir", "lokasi", "(kosong)", "titik, garis, atau poligon", "klik peta untuk menaruh lokasi")
        )
        return masalah, tanda, None
    if not geom.is_valid:
        masalah.append(
            Masalah("formulir", "lokasi", geom.geom_type, "geometri sah", "gambar ulang tanpa garis yang bersilangan")
        )
        return masalah, tanda, None
    lokasi = simpanan.lokasi_usulan(gudang, geom, kode_kabupaten)
    if lokasi is None:
        masalah.append(
            Masalah(
                "formulir",
                "lokasi",
                f"{geom.centroid.y:.5f}, {geom.centroid.x:.5f}",
                f"di dalam kabupaten/kota {kode_kabupaten}",
                "pindahkan pin ke dalam wilayah kabupaten",
            )
        )
        return masalah, tanda, None
    pilihan = data.get("kode_desa") or lokasi.kode_desa
    if pilihan != lokasi.kode_desa:
        tanda.append(
            f"Lokasi berada di {lokasi.nama_desa} ({lokasi.kode_desa}), bukan di desa yang dipilih "
            f"({pilihan}). Periksa pin atau pilihan desa."
        )
    data["kode_desa"] = pilihan
    jenis = _JENIS_GEOMETRI.get(geom.geom_type)
    if item is not None and jenis != item["jenis_geometri"]:
        tanda.append(
            f"Item kamus '{item['nama']}' biasanya digambar sebagai {item['jenis_geometri']}, "
            f"bukan {jenis or geom.geom_type}."
        )
    return masalah, tanda, lokasi


def simpan_usulan(
    gudang: Gudang,
    data: dict,
    geom: shapely.Geometry | None,
    kode_kabupaten: str,
    pelaku: Pengguna,
    abaikan_duplikat: bool = False,
    ambang_deviasi: float = definitions.ATURAN_FORUM["ambang_deviasi_biaya"],
) -> HasilSimpan:
    """Validate and save a new usulan captured on the map.

    The kamus item fills satuan, unit cost, bidang and OPD; the cost defaults to volume ×
    unit cost and may differ only with ``alasan_biaya`` (a deviation above
    ``ambang_deviasi`` is flagged). The desa and kecamatan come from the geometry; a
    geometry outside the kabupaten blocks, one outside the operator's chosen desa is
    flagged. Similar usulan (same year, or funded recently) hold the save back until the
    operator confirms with ``abaikan_duplikat``.

    Raises
    ------
    KesalahanInput
        Every blocking problem of the form, in Indonesian, naming the field.
    KesalahanAkses
        ``pelaku`` may not write usulan in that desa (or for that OPD) at that tier.
    """
    data = dict(data)
    kamus = _kamus(gudang)
    item = kamus.get(data.get("kode_kamus"))
    if item is not None:
        data.setdefault("satuan", item["satuan"])
        if data.get("biaya") in (None, 0, "") and data.get("volume"):
            data["biaya"] = float(data["volume"]) * float(item["harga_satuan"])
    masalah, tanda, lokasi = _periksa_lokasi(gudang, data, geom, kode_kabupaten, item)
    m, t = periksa_usulan(data, kamus, ambang_deviasi, "formulir")
    if masalah:  # the desa comes from the location: one problem is enough
        m = [x for x in m if x.kolom != "kode_desa"]
    masalah += m
    tanda += t
    if masalah:
        raise KesalahanInput("Usulan belum dapat disimpan", masalah)
    kecamatan = simpanan.kecamatan_desa(gudang, data["kode_desa"])
    if kecamatan is None or not str(data["kode_desa"]).startswith(kode_kabupaten + "."):
        raise KesalahanInput(
            "Usulan belum dapat disimpan",
            [
                Masalah(
                    "formulir", "kode_desa", str(data["kode_desa"]), "desa di kabupaten ini", "pilih desa dari daftar"
                )
            ],
        )
    pastikan(
        pelaku,
        "usulan.tulis",
        kode_desa=str(data["kode_desa"]),
        tahap=data.get("tahap_asal") or "desa",
        opd=None if item is None else item.get("opd"),
    )
    tahun = int(data["tahun"])
    kandidat = pd.DataFrame(
        {"id": [-1], "kode_kamus": [data["kode_kamus"]], "uraian": [data["uraian"]], "geometry": [geom]}
    )
    with gudang.sesi() as con:
        dup = duplikat_usulan(con, kandidat, tahun)
    if not dup.empty and not abaikan_duplikat:
        return HasilSimpan(None, tanda, dup, lokasi)
    baris = baris_usulan(data, item, kecamatan, pelaku.nama_pengguna)  # type: ignore[arg-type]  # item checked above
    baris["geom"] = geom
    catatan = "; ".join(tanda) or None
    if not dup.empty:
        catatan = f"disimpan meski mirip usulan {', '.join(f'#{i}' for i in dup['id_lama'])}" + (
            f"; {catatan}" if catatan else ""
        )
    with gudang.sesi(tulis=True) as con:
        (uid,) = simpanan.sisipkan_usulan(con, pd.DataFrame([baris]), "buat", [catatan])
    log.info("usulan %s disimpan oleh %s", uid, pelaku.nama_pengguna)
    return HasilSimpan(uid, tanda, dup, lokasi)


def ubah_usulan(
    gudang: Gudang,
    usulan_id: int,
    perubahan: dict,
    versi: int,
    alasan: str,
    pelaku: Pengguna,
    ambang_deviasi: float = definitions.ATURAN_FORUM["ambang_deviasi_biaya"],
) -> int:
    """Change an usulan's fields, checking the version the user opened.

    Only :data:`geo.domain.usulan.KOLOM_UBAH` may change, with a reason; the edited usulan
    is validated again; the audit log keeps the old and new value of every changed field.

    Raises
    ------
    KonflikVersi
        Someone changed the usulan since ``versi`` was read: nothing is written.
    KesalahanInput
        Missing reason, a field that may not change, or a validation problem.

    Returns
    -------
    int
        The new version.
    """
    label = f"usulan {usulan_id}"
    salah = [
        Masalah(label, k, str(v), "kolom yang boleh diubah", "ubah tahap/status lewat keputusan forum")
        for k, v in perubahan.items()
        if k not in KOLOM_UBAH
    ]
    if not alasan or not alasan.strip():
        salah.append(Masalah(label, "alasan", "(kosong)", "alasan perubahan", "tulis mengapa usulan diubah"))
    if salah:
        raise KesalahanInput("Perubahan usulan ditolak", salah)
    kamus = _kamus(gudang)  # reference data: read before the write transaction

    def nilai_baru(r: dict | None) -> dict:
        assert r is not None  # tulis_berversi raises for a missing usulan
        pastikan(pelaku, "usulan.tulis", kode_desa=str(r["kode_desa"]), tahap=r["tahap"], opd=opd_usulan(r))
        ubah = {k: v for k, v in perubahan.items() if not sama(r.get(k), v)}
        if "volume" in ubah and "biaya" not in perubahan:
            ubah["biaya"] = float(ubah["volume"]) * float(r["harga_satuan"])
        # the stored NIK is a keyed hash (validated at capture, not editable): check the rest
        tetap = {k: v for k, v in r.items() if k not in KOLOM_PRIBADI}
        m, _ = periksa_usulan({**tetap, **ubah}, kamus, ambang_deviasi, label)
        if m:
            raise KesalahanInput("Perubahan usulan ditolak", m)
        return ubah

    with gudang.sesi(tulis=True) as con:
        baru, _ = tulis_berversi(
            con,
            "usulan",
            {"id": usulan_id},
            versi,
            nilai_baru,
            oleh=pelaku.nama_pengguna,
            aksi="ubah",
            alasan=alasan,
            label=f"Usulan {usulan_id}",
        )
    return baru


def bawa_ke_tahun_depan(gudang: Gudang, ids: list[int], pelaku: Pengguna) -> dict[int, int]:
    """Carry deferred usulan over to next year's cycle (the users' request, domain §2).

    Each becomes a new usulan for ``tahun + 1`` at the tier where it was deferred,
    ``diajukan``, with ``kode_sumber = 'lanjut:<id>'``; carrying the same usulan twice adds
    nothing. Only usulan flagged ``lanjut_tahun_depan`` can be carried.

    Returns
    -------
    dict
        Old id -> new id, for the usulan carried now.
    """
    with gudang.sesi(tulis=True) as con:
        for uid in ids:
            r = simpanan.baris_untuk_keputusan(con, int(uid))
            if r is not None:
                pastikan(pelaku, "usulan.tulis", kode_desa=str(r["kode_desa"]), tahap=r["tahap"], opd=opd_usulan(r))
        bukan, hasil = simpanan.bawa_ke_tahun_depan(con, ids, pelaku.nama_pengguna)
        if bukan:
            raise KesalahanInput(
                "Usulan tidak dapat dibawa ke tahun depan",
                [
                    Masalah(
                        ", ".join(bukan), "lanjut_tahun_depan", "tidak", "usulan yang ditunda", "tunda dulu di forum"
                    )
                ],
            )
    return hasil


def baca_usulan(gudang: Gudang, pelaku: Pengguna, usulan_id: int) -> dict:
    """One usulan's record (no NIK) for someone allowed to read it.

    Raises
    ------
    KesalahanAkses
        The usulan lies outside the account's wilayah (or is routed to another OPD).
    KesalahanInput
        No usulan has this id.
    """
    r = kueri.usulan_satu(gudang, usulan_id)
    if r is None:
        raise KesalahanInput(
            "Usulan tidak ditemukan",
            [Masalah(f"usulan {usulan_id}", "id", str(usulan_id), "nomor usulan yang ada", "periksa nomornya")],
        )
    pastikan_baca(pelaku, str(r["kode_desa"]), r["opd"])
    return r


def daftar_usulan(gudang: Gudang, pelaku: Pengguna, kode_kabupaten: str, tahun: int, tahap: str | None = None):
    """The usulan of a kabupaten and year that ``pelaku`` may read, with geometry (public columns only)."""
    return saring_baca(pelaku, kueri.usulan_gdf(gudang, kode_kabupaten, tahun, tahap))
