"""Lacak Usulan: the public, read-only page where a citizen follows an usulan and sees funded activities.

Run on its own server (``make public``). No login, no write, no upload; shows only the public
fields of :mod:`geo.domain.lacak` — never NIK/KK, operator names or internal notes.
"""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import pages.publik as publik
from geo.domain import definitions
from geo.domain.format import angka, persen, rupiah
from geo.domain.jejak import jejak_usulan
from geo.domain.lacak import didanai, progres_terakhir
from geo.domain.monitoring import BULAN
from geo.render.peta_publik import peta_kegiatan, teks_progres

st.set_page_config(page_title="Lacak Usulan — PetaRencana", page_icon="🗺️", layout="wide")
st.title("Lacak Usulan Musrenbang")
st.caption(
    "Ikuti perjalanan usulan Musrenbang dari desa/kelurahan sampai kabupaten/kota, beserta alasan di setiap "
    "tahap dan kemajuan kegiatan yang didanai. Halaman ini hanya untuk dibaca; data pribadi pengusul tidak "
    "pernah ditampilkan."
)

kab_df = publik.baca_tersimpan("kabupaten")
if kab_df.empty:
    st.info("Belum ada data kabupaten/kota.")
    st.stop()
nama_kab = dict(zip(kab_df["kode"], kab_df["nama"], strict=True))
kode_kab = (
    st.selectbox("Kabupaten/kota", list(nama_kab), format_func=nama_kab.get, key="kab")
    if len(nama_kab) > 1
    else next(iter(nama_kab))
)
if bool(kab_df.set_index("kode").at[kode_kab, "sintetis"]):
    st.info(
        f"{nama_kab[kode_kab]} adalah **data sintetis** (contoh), bukan data wilayah nyata.", icon=":material/science:"
    )


def _tampilkan_usulan(nomor: int) -> None:
    u = publik.baca("usulan", nomor)
    if u is None:
        st.warning(f"Usulan nomor {nomor} tidak ditemukan. Periksa nomor pada tanda terima usulan Anda.")
        return
    st.subheader(f"Usulan #{u['id']}: {u['uraian']}")
    k1, k2, k3, k4 = st.columns(4)
    k1.metric("Desa/kelurahan", u["desa"] or "–")
    k2.metric("Kecamatan", u["kecamatan"] or "–")
    k3.metric("Tahun anggaran", str(u["tahun"]))
    k4.metric("Perkiraan biaya", rupiah(u["biaya"]))
    st.markdown(f"**Permasalahan:** {u['masalah']}")
    st.markdown(
        f"**Volume:** {angka(u['volume'], 0)} {u['satuan']} · **Bidang:** {u['bidang']} · "
        f"**Perangkat daerah:** {u['opd'] or '–'} · **Sumber dana:** {u['sumber_dana']}"
    )
    status = definitions.STATUS_USULAN.get(u["status"], u["status"])
    st.markdown(f"**Posisi sekarang:** {definitions.TAHAP_FORUM.get(u['tahap'], u['tahap'])} — {status}")
    if u["lanjut_tahun_depan"]:
        st.caption("Usulan ini dibawa ke perencanaan tahun berikutnya.")
    st.markdown("#### Perjalanan usulan")
    jalur = jejak_usulan(
        u["tahap"], u["status"], publik.baca("keputusan", nomor), publik.baca("anggaran", nomor), u["opd"]
    )
    st.dataframe(
        jalur,
        hide_index=True,
        width="stretch",
        placeholder="–",
        column_order=["Tahap", "Keputusan", "Tanggal", "Alasan"],  # the date before the long reason
        column_config={"Tanggal": st.column_config.DateColumn(format="DD-MM-YYYY")},  # not ISO
    )
    if not didanai(u["tahap"], u["status"]):
        return
    st.markdown("#### Kemajuan kegiatan")
    realisasi = publik.baca("realisasi", nomor)
    akhir = progres_terakhir(realisasi)
    if akhir is None:
        st.caption("Kegiatan ini didanai; laporan kemajuannya belum ada.")
        return
    st.progress(min(akhir["realisasi_fisik"], 100.0) / 100, text=teks_progres(akhir["realisasi_fisik"], akhir["bulan"]))
    st.caption(f"Rencana fisik sampai bulan itu: {persen(akhir['rencana_fisik'])}.")
    tabel = pd.DataFrame(
        {
            "Bulan": [
                f"{BULAN[int(b) - 1]} {int(t)}" for t, b in zip(realisasi["tahun"], realisasi["bulan"], strict=True)
            ],
            "Rencana fisik": [persen(v) for v in realisasi["rencana_fisik"]],
            "Realisasi fisik": ["belum melapor" if pd.isna(v) else persen(v) for v in realisasi["realisasi_fisik"]],
        }
    )
    st.dataframe(tabel, hide_index=True, width="stretch")


st.header("Cari usulan")
cara = st.radio("Cari dengan", ["Nomor usulan", "Desa/kelurahan"], horizontal=True, key="cara")
nomor: int | None = None
if cara == "Nomor usulan":
    teks = st.text_input("Nomor usulan", key="nomor", placeholder="mis. 125", max_chars=12).strip().lstrip("#")
    if teks:
        if teks.isdigit():
            nomor = int(teks)
        else:
            st.warning("Nomor usulan hanya berisi angka, seperti tertulis pada tanda terima usulan.")
else:
    wil = publik.baca_tersimpan("wilayah", kode_kab)
    kec = wil[wil["tingkat"] == "kecamatan"]
    kode_kec = st.selectbox(
        "Kecamatan", list(kec["kode"]), format_func=dict(zip(kec["kode"], kec["nama"], strict=True)).get, key="kec"
    )
    desa = wil[(wil["tingkat"] == "desa") & (wil["kode_induk"] == kode_kec)]
    kode_desa = st.selectbox(
        "Desa/kelurahan",
        list(desa["kode"]),
        format_func=dict(zip(desa["kode"], desa["nama"], strict=True)).get,
        key="desa",
    )
    daftar = publik.baca("usulan_desa", kode_desa) if kode_desa else pd.DataFrame()
    if daftar.empty:
        st.caption("Belum ada usulan dari desa/kelurahan ini.")
    else:
        label = {
            int(r.id): f"#{r.id} ({r.tahun}) {r.uraian} — {definitions.STATUS_USULAN.get(r.status, r.status)}"
            for r in daftar.itertuples(index=False)
        }
        nomor = st.selectbox("Usulan", list(label), format_func=label.get, key="usulan_desa")
if nomor is not None:
    _tampilkan_usulan(nomor)

st.header("Peta kegiatan yang didanai")
tahun_ada = publik.baca_tersimpan("tahun_didanai", kode_kab)
if not tahun_ada:
    st.caption("Belum ada kegiatan yang didanai.")
    st.stop()
tahun = st.selectbox("Tahun anggaran", tahun_ada, key="tahun")
kegiatan = publik.baca_tersimpan("kegiatan_didanai", kode_kab, tahun)
melapor = kegiatan["realisasi_fisik"].notna()
st.caption(
    f"{len(kegiatan)} kegiatan didanai tahun {tahun} · {int(melapor.sum())} sudah melaporkan kemajuan · "
    f"{int((kegiatan['realisasi_fisik'] >= 100).sum())} selesai. Arahkan kursor ke kegiatan untuk melihat kemajuannya."
)
if not kegiatan.empty:
    m = peta_kegiatan(publik.baca_tersimpan("kecamatan_gdf", kode_kab), kegiatan)
    st_folium(m, height=520, width="stretch", returned_objects=[], key=f"peta-publik-{kode_kab}-{tahun}")
    st.dataframe(
        pd.DataFrame(
            {
                "Nomor": kegiatan["id"],
                "Kegiatan": kegiatan["uraian"],
                "Desa/kelurahan": kegiatan["desa"],
                "Kecamatan": kegiatan["kecamatan"],
                "Perangkat daerah": kegiatan["opd"],
                "Kemajuan": [
                    teks_progres(r, b) for r, b in zip(kegiatan["realisasi_fisik"], kegiatan["bulan"], strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
