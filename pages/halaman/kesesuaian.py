"""Kesesuaian Ruang: usulan against RTRW/RDTR (ITBX), special overlays and land status — a
conflicts map for Bappeda with reasons, filters, a table and exports."""

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import definitions as d
from geo.domain import kesesuaian as ks
from geo.domain.format import angka, rupiah
from geo.render import maps
from geo.render.laporan_ruang import pdf_konflik, tabel_konflik, xlsx_konflik
from pages.akses.peta_data import peta_usulan

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Kesesuaian Ruang")
st.markdown(f"**{pil.nama_area}** · usulan {pil.tahun}")
st.caption(
    "Peringatan dini sebelum forum kabupaten: usulan yang berbenturan dengan pola ruang RTRW, zona RDTR (matriks "
    f"ITBX), LP2B, sempadan, kawasan hutan, KKOP, rawan bencana, atau status lahan. Zona yang memuat ≥ "
    f"{angka(d.ATURAN_KESESUAIAN['ambang_bagian'] * 100)} % usulan menentukan; verdik = yang terburuk. "
    "Bukan pengganti KKPR."
)
hasil, baru = akses_data.hasil_kesesuaian(kab.kode, pil.tahun)
if pil.kecamatan:  # the scope: counts, map, table and exports describe this kecamatan only
    hasil = hasil[hasil["kode_kecamatan"] == pil.kecamatan]
if baru:
    st.info(f"{baru} usulan baru, berubah, atau dengan data tata ruang yang dimuat ulang diperiksa sekarang.")
if hasil.empty:
    st.info("Belum ada usulan untuk tahun ini.")
    st.stop()

f1, f3, f4 = st.columns([2, 1, 1])  # room for the chosen verdicts, shown whole
verdik = f1.multiselect(
    "Kesesuaian",
    list(d.VERDIK),
    default=["tidak_sesuai", "perlu_kajian", "bersyarat", "terbatas", "tidak_ada_data"],
    format_func=lambda v: d.VERDIK[v].nama,
    key="filter_verdik",
    placeholder="Pilih kesesuaian yang ditampilkan",
)
opd = f3.selectbox(
    "Perangkat daerah", [None, *sorted(hasil["opd"].unique())], format_func=lambda o: o or "Semua", key="filter_opd"
)
tahap = f4.selectbox(
    "Tahap",
    [None, *d.TAHAP_FORUM],
    format_func=lambda t: "Semua" if t is None else d.TAHAP_FORUM[t],
    key="filter_tahap",
)
tampil = ks.saring(hasil, verdik, pil.kecamatan, opd, tahap)

kolom = st.columns(len(d.VERDIK))
for k, (v, info) in zip(kolom, d.VERDIK.items(), strict=True):
    k.metric(info.nama, angka(int((hasil["verdik"] == v).sum())))
st.caption(f"{len(tampil)} usulan ditampilkan · {int(hasil['lindung'].sum())} menyentuh kawasan lindung/LP2B/sempadan")

ids = list(tampil["id"])
if "usulan_kesesuaian" in st.session_state and st.session_state["usulan_kesesuaian"] not in [None, *ids]:
    st.session_state.pop("usulan_kesesuaian")


def _pilih(uid_klik: int) -> None:
    """A click on the map selects that usulan (an id outside the filter is dropped just above)."""
    st.session_state["usulan_kesesuaian"] = uid_klik


kiri, kanan = st.columns([3, 2])
uraian = dict(zip(tampil["id"], tampil["uraian"], strict=True))
with kanan:
    uid = st.selectbox(
        "Usulan (atau klik di peta)",
        [None, *ids],
        key="usulan_kesesuaian",
        format_func=lambda i: "—" if i is None else f"#{i} · {uraian[i]}",
    )
    if uid is not None:
        r = tampil.set_index("id").loc[uid]
        st.markdown(
            f"#### #{uid} · {d.VERDIK[r['verdik']].nama}\n"
            f"{r['uraian']} — {r['desa']}, Kec. {r['kecamatan']} · {r['opd']} · {rupiah(r['biaya'])}"
        )
        st.markdown("\n".join(f"- {a}" for a in r["alasan"]))
        st.markdown(f"**Status lahan:** {r['catatan_lahan']}")
        if pd.notna(r["jarak_akses_m"]):
            st.markdown(f"**Jarak ke jalan/permukiman:** {angka(r['jarak_akses_m'])} m")
with kiri:
    lapisan = akses_data.lapisan_tata_ruang(kab.kode)
    sorot = tampil.set_index("id").at[uid, "zona"] if uid is not None else None
    akses_data.keterangan_padat(len(tampil))
    # zones, frame and usulan come from static files once; a rerun sends colours and the selection
    # a click selects the usulan in the component's callback, before this run: no second run
    peta_usulan(
        akses_data.peta_beranda(kab.kode, "kecamatan", pil.kecamatan),
        tampil,
        tampil["verdik"].map(lambda v: d.VERDIK[v].warna),
        tampil["verdik"].map(lambda v: d.VERDIK[v].nama),
        maps.legenda_kategori_html(
            [(d.VERDIK[v].warna, d.VERDIK[v].nama) for v in d.VERDIK if (tampil["verdik"] == v).any()]
        ),
        key="peta-ruang",
        sorot=uid,
        ruang=maps.ruang_data(akses_data.url_tata_ruang(kab.kode)),
        sorot_zona=maps.sorot_zona(lapisan, sorot),
        saat_klik=_pilih,
    )

st.subheader("Daftar konflik")
tabel = tabel_konflik(tampil)
halaman_tabel = akses_data.sepotong(tabel, "konflik")
st.dataframe(
    halaman_tabel.assign(**{"Perkiraan Biaya (Rp)": halaman_tabel["Perkiraan Biaya (Rp)"].map(rupiah)}),
    hide_index=True,
    width="stretch",
    height=320,
    placeholder="–",
    # the columns a user scans first: which usulan, its verdict and why
    column_order=["ID Usulan", "Kesesuaian", "Usulan", "Alasan", "Desa/Kelurahan", "Kecamatan"]
    + [
        k
        for k in tabel.columns
        if k not in {"ID Usulan", "Kesesuaian", "Usulan", "Alasan", "Desa/Kelurahan", "Kecamatan"}
    ],
)
judul = f"Kesesuaian ruang usulan {pil.tahun} — {pil.nama_area}"
e1, e2 = st.columns(2)
e1.download_button(
    "Unduh tabel (XLSX)",
    lambda: xlsx_konflik(tampil, judul),  # built on click, not on every rerun
    f"kesesuaian-ruang-{pil.tahun}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="unduh_konflik_xlsx",
)
if e2.button("Buat PDF peta + daftar", key="buat_pdf_konflik"):
    st.session_state["pdf_konflik"] = pdf_konflik(
        tampil, akses_data.wilayah(kab.kode, "kecamatan"), lapisan.pola, judul
    )
if "pdf_konflik" in st.session_state:
    e2.download_button(
        "Unduh PDF",
        st.session_state["pdf_konflik"],
        f"kesesuaian-ruang-{pil.tahun}.pdf",
        "application/pdf",
        key="unduh_pdf",
    )
