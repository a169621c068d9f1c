"""Capturing and editing one usulan.

Location from the geometry, validation, duplicates, version-checked edits with an audit
trail, and carrying deferred usulan to next year.

The Usulan page and the import loader call these; rules that need no database live in
:mod:`geo.domain.usulan`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
import shapely

from geo.domain import definitions
from geo.domain.usulan import cari_duplikat, periksa_usulan
from geo.errors import KesalahanInput, KonflikVersi, Masalah
from geo.store import kueri

#: Fields an operator may change after capture (identity, tier and status are not among them:
#: those change only through forum decisions).
KOLOM_UBAH = (
    "pengusul",
    "alamat",
    "masalah",
    "uraian",
    "volume",
    "biaya",
    "alasan_biaya",
    "sumber_dana",
    "penerima_laki",
    "penerima_perempuan",
    "penerima_rentan",
    "status_lahan",
    "sertifikat",
    "gambar_teknis",
    "rab",
    "urgensi",
    "dampak",
    "selaras_rpjmd",
    "opd_akhir",
)


def geometri_sketsa(simpul: list[tuple[float, float]], jenis: str) -> shapely.Geometry | None:
    """The geometry the operator's map clicks make: the last click (titik), a line, or a polygon.

    Parameters
    ----------
    simpul : list of (lon, lat)
        Clicks in order.
    jenis : {"titik", "garis", "poligon"}
        What is being drawn.

    Returns
    -------
    shapely.Geometry or None
        None until there are enough clicks (1, 2 or 3).

    Examples
    --------
    >>> geometri_sketsa([(110.0, -7.0), (110.1, -7.0)], "garis").wkt
    'LINESTRING (110 -7, 110.1 -7)'
    >>> geometri_sketsa([(110.0, -7.0)], "poligon") is None
    True
    """
    if jenis == "titik" and simpul:
        return shapely.Point(simpul[-1])
    if jenis == "garis" and len(simpul) >= 2:
        return shapely.LineString(simpul)
    if jenis == "poligon" and len(simpul) >= 3:
        return shapely.Polygon(simpul)
    return None


@dataclass(frozen=True)
class Lokasi:
    """Where a geometry falls: the desa holding it (or most of it) and its kecamatan."""

    kode_desa: str
    nama_desa: str
    kode_kecamatan: str
    nama_kecamatan: str
    bagian: float  # share of the geometry (length/area) in that desa, 1.0 for a point


def lokasi_usulan(gudang, geom: shapely.Geometry, kode_kabupaten: str) -> Lokasi | None:
    """Derive the desa and kecamatan of an usulan geometry inside a kabupaten.

    A point takes the desa containing it; a point exactly on a border takes the desa with
    the lower code (declared rule). A line takes the desa holding the largest share of its
    length, a polygon the largest share of its area.

    Returns
    -------
    Lokasi or None
        None when the geometry touches no desa of the kabupaten.
    """
    if geom is None or geom.is_empty:
        return None
    ukuran = {"Point": "1.0", "MultiPoint": "1.0", "LineString": "ST_Length", "MultiLineString": "ST_Length"}
    fungsi = ukuran.get(geom.geom_type, "ST_Area")
    nilai = "1.0" if fungsi == "1.0" else f"{fungsi}(ST_Intersection(d.geom, g.geom)) / nullif({fungsi}(g.geom), 0)"
    r = gudang.df(
        f"""
        WITH g AS (SELECT ST_GeomFromWKB(?::BLOB) AS geom)
        SELECT d.kode, d.nama, d.kode_induk, k.nama AS nama_kec, {nilai} AS bagian
        FROM g, ref.wilayah d JOIN ref.wilayah k ON k.kode = d.kode_induk
        WHERE d.tingkat = 'desa' AND starts_with(d.kode, ? || '.') AND ST_Intersects(d.geom, g.geom)
        ORDER BY bagian DESC, d.kode
        LIMIT 1
        """,
        [shapely.to_wkb(geom), kode_kabupaten],
    )
    if r.empty:
        return None
    x = r.iloc[0]
    return Lokasi(x["kode"], x["nama"], x["kode_induk"], x["nama_kec"], float(x["bagian"] or 0))


@dataclass
class HasilSimpan:
    """Outcome of saving: the new id (None when held back for duplicates), flags, duplicates."""

    id: int | None
    tanda: list[str] = field(default_factory=list)
    duplikat: pd.DataFrame = field(default_factory=pd.DataFrame)
    lokasi: Lokasi | None = None


def _kamus(gudang) -> dict[str, dict]:
    """The kamus as code -> record, the shape :func:`geo.domain.usulan.periksa_usulan` reads."""
    return kueri.kamus(gudang).to_dict("index")


def duplikat_usulan(con, kandidat: pd.DataFrame, tahun: int) -> pd.DataFrame:
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
    lama = con.execute(
        """
        SELECT u.id, u.tahun, u.kode_kamus, u.uraian, d.nama AS desa, u.tahap, u.status, ST_AsWKB(u.geom) AS wkb
        FROM kerja.usulan u LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa
        WHERE (u.tahun = ? OR (u.tahun BETWEEN ? AND ? AND u.tahap = 'kabupaten' AND u.status = 'diterima'))
          AND ST_XMax(u.geom) >= ? AND ST_XMin(u.geom) <= ? AND ST_YMax(u.geom) >= ? AND ST_YMin(u.geom) <= ?
        """,
        [tahun, tahun - n, tahun - 1, minx - d, maxx + d, miny - d, maxy + d],
    ).df()
    lama["geometry"] = [shapely.from_wkb(bytes(b)) for b in lama.pop("wkb")]
    hasil = cari_duplikat(kandidat, lama)
    info = lama.drop(columns="geometry").rename(columns={"id": "id_lama"})
    return hasil.merge(info, on="id_lama", how="left")


def simpan_usulan(
    gudang,
    data: dict,
    geom: shapely.Geometry | None,
    kode_kabupaten: str,
    oleh: str,
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
    """
    data = dict(data)
    masalah: list[Masalah] = []
    tanda: list[str] = []
    kamus = _kamus(gudang)
    item = kamus.get(data.get("kode_kamus"))
    if item is not None:
        data.setdefault("satuan", item["satuan"])
        if data.get("biaya") in (None, 0, "") and data.get("volume"):
            data["biaya"] = float(data["volume"]) * float(item["harga_satuan"])
    lokasi = None
    if geom is None or geom.is_empty:
        masalah.append(
            Masalah("formulir", "lokasi", "(kosong)", "titik, garis, atau poligon", "klik peta untuk menaruh lokasi")
        )
    elif not geom.is_valid:
        masalah.append(
            Masalah("formulir", "lokasi", geom.geom_type, "geometri sah", "gambar ulang tanpa garis yang bersilangan")
        )
    else:
        lokasi = lokasi_usulan(gudang, geom, kode_kabupaten)
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
        else:
            pilihan = data.get("kode_desa") or lokasi.kode_desa
            if pilihan != lokasi.kode_desa:
                tanda.append(
                    f"Lokasi berada di {lokasi.nama_desa} ({lokasi.kode_desa}), bukan di desa yang dipilih "
                    f"({pilihan}). Periksa pin atau pilihan desa."
                )
            data["kode_desa"] = pilihan
            if item is not None:
                jenis = {"Point": "titik", "LineString": "garis", "Polygon": "poligon"}.get(geom.geom_type)
                if jenis != item["jenis_geometri"]:
                    tanda.append(
                        f"Item kamus '{item['nama']}' biasanya digambar sebagai {item['jenis_geometri']}, "
                        f"bukan {jenis or geom.geom_type}."
                    )
    m, t = periksa_usulan(data, kamus, ambang_deviasi, "formulir")
    if any(x.kolom == "lokasi" for x in masalah):  # the desa comes from the location: one problem is enough
        m = [x for x in m if x.kolom != "kode_desa"]
    masalah += m
    tanda += t
    if masalah:
        raise KesalahanInput("Usulan belum dapat disimpan", masalah)
    desa = gudang.df("SELECT kode_induk FROM ref.wilayah WHERE kode = ?", [data["kode_desa"]])
    if desa.empty or not str(data["kode_desa"]).startswith(kode_kabupaten + "."):
        raise KesalahanInput(
            "Usulan belum dapat disimpan",
            [
                Masalah(
                    "formulir", "kode_desa", str(data["kode_desa"]), "desa di kabupaten ini", "pilih desa dari daftar"
                )
            ],
        )
    tahun = int(data["tahun"])
    kandidat = pd.DataFrame(
        {"id": [-1], "kode_kamus": [data["kode_kamus"]], "uraian": [data["uraian"]], "geometry": [geom]}
    )
    with gudang.sesi() as con:
        dup = duplikat_usulan(con, kandidat, tahun)
    if not dup.empty and not abaikan_duplikat:
        return HasilSimpan(None, tanda, dup, lokasi)
    baris = {
        "tahun": tahun,
        "jenis_usulan": data.get("jenis_usulan", "musrenbang"),
        "pengusul": data["pengusul"],
        "tingkat_pengusul": data.get("tingkat_pengusul") or "RT/RW",
        "nik_pengusul": data.get("nik_pengusul") or None,
        "tahap_asal": data.get("tahap_asal", "desa"),
        "kode_desa": data["kode_desa"],
        "kode_kecamatan": desa["kode_induk"].iloc[0],
        "alamat": data.get("alamat"),
        "kode_kamus": data["kode_kamus"],
        "masalah": data["masalah"],
        "uraian": data["uraian"],
        "volume": float(data["volume"]),
        "satuan": item["satuan"],
        "harga_satuan": float(item["harga_satuan"]),
        "biaya": float(data["biaya"]),
        "alasan_biaya": data.get("alasan_biaya") or None,
        "bidang": item["bidang"],
        "opd_awal": item["opd"],
        "sumber_dana": data["sumber_dana"],
        "penerima_laki": data.get("penerima_laki"),
        "penerima_perempuan": data.get("penerima_perempuan"),
        "penerima_rentan": data.get("penerima_rentan"),
        "status_lahan": data["status_lahan"],
        "sertifikat": bool(data.get("sertifikat")),
        "gambar_teknis": bool(data.get("gambar_teknis")),
        "rab": bool(data.get("rab")),
        "urgensi": data.get("urgensi"),
        "dampak": data.get("dampak"),
        "selaras_rpjmd": data.get("selaras_rpjmd"),
    }
    kolom = list(baris)
    with gudang.sesi(tulis=True) as con:
        uid = con.execute(
            f"INSERT INTO kerja.usulan ({', '.join(kolom)}, tahap, status, dibuat_oleh, dibuat_pada, "
            "diubah_pada, geom) "
            f"VALUES ({', '.join('?' for _ in kolom)}, ?, 'diajukan', ?, current_localtimestamp(), "
            "current_localtimestamp(), ST_GeomFromWKB(?::BLOB)) RETURNING id",
            [*baris.values(), baris["tahap_asal"], oleh, shapely.to_wkb(geom)],
        ).fetchone()[0]
        catatan = "; ".join(tanda) or None
        if not dup.empty:
            catatan = f"disimpan meski mirip usulan {', '.join(f'#{i}' for i in dup['id_lama'])}" + (
                f"; {catatan}" if catatan else ""
            )
        con.execute(
            "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, lama, baru, alasan) "
            "VALUES (current_localtimestamp(), ?, 'usulan', ?, 'buat', NULL, ?, ?)",
            [oleh, str(uid), json.dumps({"tahap": baris["tahap_asal"], "status": "diajukan"}), catatan],
        )
    return HasilSimpan(int(uid), tanda, dup, lokasi)


def _sama(a, b) -> bool:
    if a is None or (isinstance(a, float) and pd.isna(a)):
        return b is None or (isinstance(b, float) and pd.isna(b))
    return a == b


def ubah_usulan(
    gudang,
    usulan_id: int,
    perubahan: dict,
    versi: int,
    alasan: str,
    oleh: str,
    ambang_deviasi: float = definitions.ATURAN_FORUM["ambang_deviasi_biaya"],
) -> int:
    """Change an usulan's fields, checking the version the user opened.

    Only :data:`KOLOM_UBAH` may change, with a reason; the edited usulan is validated
    again; the audit log keeps the old and new value of every changed field.

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
    with gudang.sesi(tulis=True) as con:
        lama = con.execute("SELECT * EXCLUDE (geom) FROM kerja.usulan WHERE id = ?", [usulan_id]).df()
        if lama.empty:
            raise KesalahanInput(
                "Perubahan usulan ditolak",
                [Masalah(label, "id", str(usulan_id), "usulan yang ada", "muat ulang daftar usulan")],
            )
        r = lama.iloc[0].to_dict()
        if int(r["versi"]) != versi:
            raise KonflikVersi(
                f"Usulan {usulan_id} sudah diubah orang lain (versi {int(r['versi'])}, Anda membuka versi {versi}). "
                "Perubahan Anda belum disimpan: muat ulang usulan itu, periksa perubahannya, lalu ubah lagi."
            )
        ubah = {k: v for k, v in perubahan.items() if not _sama(r.get(k), v)}
        if not ubah:
            return versi
        baru = {**r, **ubah}
        if "volume" in ubah and "biaya" not in perubahan:
            baru["biaya"] = float(baru["volume"]) * float(r["harga_satuan"])
            ubah["biaya"] = baru["biaya"]
        m, _ = periksa_usulan(baru, kamus, ambang_deviasi, label)
        if m:
            raise KesalahanInput("Perubahan usulan ditolak", m)
        sets = ", ".join(f"{k} = ?" for k in ubah)
        con.execute(
            f"UPDATE kerja.usulan SET {sets}, versi = versi + 1, diubah_pada = current_localtimestamp() WHERE id = ?",
            [*ubah.values(), usulan_id],
        )

        def _json(d: dict) -> str:
            return json.dumps(
                {k: (None if v is None or (isinstance(v, float) and pd.isna(v)) else v) for k, v in d.items()},
                default=str,
            )

        con.execute(
            "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, lama, baru, alasan) "
            "VALUES (current_localtimestamp(), ?, 'usulan', ?, 'ubah', ?, ?, ?)",
            [oleh, str(usulan_id), _json({k: r.get(k) for k in ubah}), _json(ubah), alasan],
        )
        return versi + 1


def bawa_ke_tahun_depan(gudang, ids: list[int], oleh: str) -> dict[int, int]:
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
        baris = con.execute(
            "SELECT id, tahun, lanjut_tahun_depan FROM kerja.usulan WHERE list_contains(?, id)", [[int(i) for i in ids]]
        ).fetchall()
        bukan = [f"#{i}" for i, _, lanjut in baris if not lanjut]
        if bukan:
            raise KesalahanInput(
                "Usulan tidak dapat dibawa ke tahun depan",
                [
                    Masalah(
                        ", ".join(bukan), "lanjut_tahun_depan", "tidak", "usulan yang ditunda", "tunda dulu di forum"
                    )
                ],
            )
        hasil = {}
        kolom = [
            c
            for c in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'kerja' "
                "AND table_name = 'usulan' ORDER BY column_index"
            ).df()["column_name"]
            if c
            not in (
                "id",
                "tahun",
                "status",
                "lanjut_tahun_depan",
                "versi",
                "dibuat_oleh",
                "dibuat_pada",
                "diubah_pada",
                "kode_sumber",
            )
        ]
        daftar = ", ".join(kolom)
        for uid, tahun, _ in baris:
            sumber = f"lanjut:{uid}"
            if con.execute("SELECT 1 FROM kerja.usulan WHERE kode_sumber = ?", [sumber]).fetchone():
                continue
            baru = con.execute(
                f"INSERT INTO kerja.usulan ({daftar}, tahun, status, lanjut_tahun_depan, versi, dibuat_oleh, "
                "dibuat_pada, diubah_pada, kode_sumber) "
                f"SELECT {daftar}, tahun + 1, 'diajukan', false, 1, ?, current_localtimestamp(), "
                "current_localtimestamp(), ? FROM kerja.usulan WHERE id = ? RETURNING id",
                [oleh, sumber, uid],
            ).fetchone()[0]
            for kunci, aksi, teks in (
                (uid, "bawa", f"dibawa ke tahun {tahun + 1} sebagai usulan #{baru}"),
                (baru, "buat", f"lanjutan usulan #{uid} tahun {tahun}"),
            ):
                con.execute(
                    "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, lama, baru, alasan) "
                    "VALUES (current_localtimestamp(), ?, 'usulan', ?, ?, NULL, NULL, ?)",
                    [oleh, str(kunci), aksi, teks],
                )
            hasil[int(uid)] = int(baru)
        return hasil
