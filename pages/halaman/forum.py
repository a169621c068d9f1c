"""Forum: decide on the usulan at a tier (accept, reject, defer, return) with a reason and history."""

import streamlit as st

import pages as akses_data
from geo import definitions
from geo.format import rupiah
from geo.usulan import KEPUTUSAN

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Forum")
k1, k2 = st.columns(2)
tahap = k1.selectbox(
    "Tahap forum", list(definitions.TAHAP_FORUM), format_func=definitions.TAHAP_FORUM.get, key="tahap_forum"
)
kec = akses_data.wilayah(kab.kode, "kecamatan")
kode_kec = k2.selectbox(
    "Kecamatan",
    [None, *kec["kode"]],
    key="kec_forum",
    format_func=lambda k: "Semua kecamatan" if k is None else kec.set_index("kode").at[k, "nama"],
)
daftar = akses_data.usulan_di_tahap(kab.kode, pil.tahun, tahap, kode_kec)
st.caption(
    f"{len(daftar)} usulan {pil.tahun} di {definitions.TAHAP_FORUM[tahap]} · "
    f"{int((daftar['status'] == 'diajukan').sum())} menunggu keputusan"
)
tampil = daftar.assign(biaya=daftar["biaya"].map(rupiah), status=daftar["status"].map(definitions.STATUS_USULAN))
st.dataframe(tampil.drop(columns=["versi", "lanjut_tahun_depan"]), hide_index=True, width="stretch")

menunggu = daftar[daftar["status"] == "diajukan"]
if menunggu.empty:
    st.info("Tidak ada usulan yang menunggu keputusan di tahap ini.")
    st.stop()
st.subheader("Keputusan")
baris = menunggu.set_index("id")
uid = st.selectbox(
    "Usulan",
    list(baris.index),
    key="usulan_forum",
    format_func=lambda i: f"#{i} · {baris.at[i, 'desa']} · {baris.at[i, 'uraian']}",
)
with st.form("form_keputusan"):
    keputusan = st.radio(
        "Keputusan", KEPUTUSAN, format_func=definitions.STATUS_USULAN.get, horizontal=True, key="keputusan_forum"
    )
    alasan = st.text_input("Alasan (dibacakan di forum)", key="alasan_forum")
    kirim = st.form_submit_button("Simpan keputusan", type="primary")
if kirim:
    posisi, galat = akses_data.putuskan(int(uid), keputusan, alasan, int(baris.at[uid, "versi"]))
    if galat:
        st.error(galat, icon=":material/error:")
    else:
        st.success(
            f"Usulan #{uid}: {definitions.STATUS_USULAN[keputusan].lower()}; kini di "
            f"{definitions.TAHAP_FORUM[posisi.tahap]} ({definitions.STATUS_USULAN[posisi.status].lower()})."
        )
st.subheader(f"Riwayat usulan #{uid}")
st.dataframe(akses_data.riwayat_usulan(int(uid)), hide_index=True, width="stretch")
