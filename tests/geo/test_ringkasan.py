"""The executive summary is computed from the data: checked against values computed here."""

from __future__ import annotations

import duckdb
import pandas as pd

from geo.domain.format import angka
from geo.services import indikator as layanan_indikator
from geo.store import db, kueri


def test_ringkasan_kecamatan_dan_kabupaten(data_demo):
    g = db.Gudang(data_demo)
    meta = kueri.daftar_indikator(g, "99.01").set_index("kode").loc["persen_miskin"].to_dict()
    meta["kode"] = "persen_miskin"
    # independent computation with plain DuckDB on the file
    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    df = con.execute("""
        SELECT w.kode, w.nama, w.kode_induk, t.nilai AS v, m.nilai AS miskin, p.nilai AS pdd, i.tahun
        FROM wilayah w JOIN indikator t ON t.kode_wilayah = w.kode AND t.indikator = 'persen_miskin'
        JOIN indikator m ON m.kode_wilayah = w.kode AND m.indikator = 'penduduk_miskin' AND m.tahun = t.tahun
        JOIN indikator p ON p.kode_wilayah = w.kode AND p.indikator = 'jumlah_penduduk' AND p.tahun = t.tahun
        JOIN (SELECT DISTINCT tahun FROM indikator) i ON i.tahun = t.tahun
        WHERE w.tingkat = 'desa'""").df()
    kec_nama = con.execute("SELECT nama FROM wilayah WHERE kode = '99.01.03'").fetchone()[0]
    con.close()
    k = df[(df["kode_induk"] == "99.01.03") & (df["tahun"] == 2025)]
    atas = k.loc[k["v"].idxmax()]
    bawah = k.loc[k["v"].idxmin()]
    lalu = df[(df["kode_induk"] == "99.01.03") & (df["tahun"] == 2024)]
    r25 = 100 * k["miskin"].sum() / k["pdd"].sum()
    r24 = 100 * lalu["miskin"].sum() / lalu["pdd"].sum()
    kalimat = layanan_indikator.ringkasan_wilayah(g, "99.01", meta, 2025, "99.01.03", ambang=15.0)
    assert kalimat[0] == (
        f"Kecamatan {kec_nama}, persentase penduduk miskin 2025: tertinggi di {atas['nama']} "
        f"({angka(atas['v'], 1)} %), terendah di {bawah['nama']} ({angka(bawah['v'], 1)} %)."
    )
    arah = "turun" if r25 < r24 else "naik"
    assert kalimat[1].startswith(f"Dibanding 2024: {arah} {angka(abs(r25 - r24), 1)} poin persen")
    assert kalimat[1].endswith(f"dari {angka(r24, 1)} % menjadi {angka(r25, 1)} %.")
    n_atas = int((k["v"] > 15.0).sum())
    assert kalimat[2].startswith(f"{n_atas} desa dengan persentase penduduk miskin di atas 15,0 %")
    # the kabupaten as a whole
    kab = layanan_indikator.ringkasan_wilayah(g, "99.01", meta, 2025, "99.01")
    d25 = df[df["tahun"] == 2025]
    assert f"tertinggi di {d25.loc[d25['v'].idxmax(), 'nama']}" in kab[0]
    assert pd.notna(r25)
    g.tutup()
