"""Forum preparation (issue 16): attendance at the door of a 600-person forum, and 2,000 invitation letters.

Two measurements, CPU time next to wall time:

1. *Door*: the Persiapan Forum page in Streamlit's AppTest (the script the server runs, no
   browser) as a Bappeda account, Daftar hadir tab of a kabupaten forum with 600 invitees. One
   search-and-tick = type a name (a rerun that filters the 600 names), press its "Hadir" button (a
   rerun that writes the attendance row and redraws the tab). Timed at the start of the forum
   (nobody ticked) and near its end (500 already ticked), median of 15 people each; next to it the
   write alone through the service the button calls (:func:`geo.services.peserta.tandai_hadir`).
2. *Letters*: one PDF of 2,000 invitation letters (:func:`geo.render.undangan.pdf_undangan`: letter
   head, numbered letter, date, place, agenda, the location map on every page) against a baseline
   in the same run that writes the same text with plain fpdf2 text lines (same font, one page per
   letter, no layout, no map), and the letters without the map. One run each.

Run: ``.venv/bin/python benchmarks/bench_persiapan.py`` (``BENCH_HADIR=600``, ``BENCH_SURAT=2000``).
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

import pandas as pd

N_HADIR = int(os.environ.get("BENCH_HADIR", "600"))
N_SURAT = int(os.environ.get("BENCH_SURAT", "2000"))
N_UKUR = 15
SUDAH = min(500, N_HADIR - 2 * N_UKUR)  # ticked before the second measurement


def _jam(f, *args):
    a, c = time.perf_counter(), time.process_time()
    hasil = f(*args)
    return time.perf_counter() - a, time.process_time() - c, hasil


def siapkan(folder: Path) -> tuple[int, pd.DataFrame]:
    """Demo data, test accounts, and a kabupaten forum with ``N_HADIR`` invitees (distinct names)."""
    from geo.services import acara as sa
    from geo.services import peserta as sp
    from geo.settings import berkas_data
    from geo.store.db import Gudang
    from pipelines import demo
    from tests.akun import pelaku, siapkan_akun_uji

    berkas = berkas_data(folder)
    demo.bangun_demo(berkas)
    siapkan_akun_uji(berkas)
    g = Gudang(berkas)
    try:
        j = sa.jadwal(g, "99.01", 2027).acara
        acara_id = int(j[j["tahap"] == "kabupaten"]["id"].iloc[0])
        kategori = ["opd", "dprd", "kecamatan", "lsm", "akademisi", "tokoh_masyarakat", "perempuan", "pemuda"]
        baris = [
            {
                "nama": f"Peserta{i:04d} Uji",
                "lembaga": f"Lembaga {i % 40}",
                "kategori": kategori[i % len(kategori)],
                "jenis_kelamin": "LP"[i % 2],
                "kontak": f"0800-{i:04d}",
            }
            for i in range(N_HADIR)
        ]
        ids = sp.tambah_kontak(g, pelaku("bappeda"), "99.01", baris)
        sp.undang(g, pelaku("bappeda"), acara_id, ids)
        return acara_id, sp.undangan(g, pelaku("bappeda"), acara_id)
    finally:
        g.tutup()


def ukur_pintu(folder: Path, acara_id: int, undangan: pd.DataFrame, mulai: int) -> tuple[list, list, list]:
    """Search-and-tick ``N_UKUR`` invitees from position ``mulai`` on the page; also the service write alone."""
    os.environ["PETARENCANA_DATA"] = str(folder)
    from geo.services import acara as sa
    from geo.services import peserta as sp
    from geo.settings import berkas_data
    from geo.store.db import Gudang
    from tests.akun import pelaku
    from tests.pages.bantu import app_masuk

    at = app_masuk(default_timeout=600)
    at.session_state["tab_persiapan"] = "Daftar hadir"
    at.session_state["acara_pilih"] = acara_id
    at.switch_page("pages/halaman/persiapan.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    halaman, servis = [], []
    for r in undangan.iloc[mulai : mulai + N_UKUR].to_dict("records"):
        at.text_input(key="cari_hadir").input(r["nama"].split()[0].lower())
        w1, c1, _ = _jam(at.run)
        w2, c2, _ = _jam(at.button(key=f"hadir_{int(r['kontak_id'])}").click().run)
        assert not at.exception and any("tercatat hadir" in s.value for s in at.success), r["nama"]
        halaman.append((w1 + w2, c1 + c2))
    g = Gudang(berkas_data(folder))
    try:
        a = sa.baca(g, acara_id)
        for r in undangan.iloc[mulai + N_UKUR : mulai + 2 * N_UKUR].to_dict("records"):
            w, c, _ = _jam(sp.tandai_hadir, g, pelaku("bappeda"), a, r)
            servis.append((w, c))
    finally:
        g.tutup()
    return halaman, servis, []


def isi_dulu(folder: Path, acara_id: int, undangan: pd.DataFrame, n: int) -> None:
    """Tick the first ``n`` invitees through the service (the forum is well under way)."""
    from geo.services import acara as sa
    from geo.services import peserta as sp
    from geo.settings import berkas_data
    from geo.store.db import Gudang
    from tests.akun import pelaku

    g = Gudang(berkas_data(folder))
    try:
        a = sa.baca(g, acara_id)
        for r in undangan.iloc[:n].to_dict("records"):
            sp.tandai_hadir(g, pelaku("bappeda"), a, r)
    finally:
        g.tutup()


def _median(x: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(a for a, _ in x), statistics.median(b for _, b in x)


def teks_surat(data, nomor: str, nama: str, lembaga: str) -> list[str]:
    """The text of one letter as lines (the baseline writes these without layout)."""
    from geo.render.dokumen import tanggal_indonesia
    from geo.render.undangan import waktu_indonesia

    return [
        data.pengirim.upper(),
        f"Nomor   : {nomor}",
        "Sifat   : Penting",
        f"Perihal : Undangan {data.judul_forum}",
        tanggal_indonesia(data.tanggal_surat),
        "Yth.",
        nama,
        lembaga,
        "di tempat",
        f"Dalam rangka penyusunan Rencana Kerja Pemerintah Daerah (RKPD) tahun {data.tahun}, kami mengundang",
        f"Bapak/Ibu/Saudara untuk hadir pada {data.judul_forum}, yang akan dilaksanakan pada:",
        f"Hari/tanggal : {waktu_indonesia(data.mulai)}",
        f"Tempat       : {data.tempat}",
        f"Acara        : {data.agenda}",
        "Mengingat pentingnya acara tersebut, kami mohon kehadiran Bapak/Ibu/Saudara tepat waktu.",
        "Atas perhatian dan kehadirannya kami ucapkan terima kasih.",
        data.penandatangan,
        "(.................................)",
    ]


def baseline_surat(data, penerima: pd.DataFrame) -> bytes:
    """The same text with plain fpdf2 text lines: same font, one page per letter, no layout, no map."""
    from fpdf import FPDF

    from geo.render.dokumen import BERKAS_FONT, FONT

    pdf = FPDF(format="A4")
    pdf.add_font(FONT, "", str(BERKAS_FONT[""]))
    pdf.set_font(FONT, size=10)
    for r in penerima.itertuples():
        pdf.add_page()
        for baris in teks_surat(data, r.nomor_surat, r.nama, r.lembaga):
            pdf.cell(0, 5, baris, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def ukur_surat() -> list[str]:
    """Letters for ``N_SURAT`` invitees: PetaRencana (with and without the map) vs the plain-text baseline."""
    import dataclasses
    import io

    from pypdf import PdfReader

    from geo.render import undangan as ru
    from geo.settings import berkas_data
    from geo.store import kueri
    from geo.store.db import Gudang

    g = Gudang(berkas_data())
    try:
        w = kueri.wilayah_gdf(g, "99.01", "kecamatan")
    finally:
        g.tutup()
    p = w.geometry.union_all().representative_point()
    peta = ru.gambar_lokasi(w, p.x, p.y, "Pendopo Kabupaten")
    data = ru.DataSurat(
        pengirim="Bappeda Kabupaten Contoh",
        judul_forum="Musrenbang Kabupaten/Kota — Kabupaten Contoh",
        tahun=2027,
        mulai=datetime.datetime(2026, 3, 16, 8, 0),
        tempat="Pendopo Kabupaten",
        agenda="Pembukaan; paparan RKPD; penetapan prioritas; penandatanganan berita acara",
        tanggal_surat=datetime.date(2026, 3, 2),
        peta=peta,
    )
    penerima = pd.DataFrame(
        {
            "nomor_surat": [f"005/{i:04d}/Bappeda/III/2026" for i in range(1, N_SURAT + 1)],
            "nama": [f"Peserta{i:04d} Uji" for i in range(N_SURAT)],
            "lembaga": [f"Lembaga {i % 40}" for i in range(N_SURAT)],
        }
    )
    w1, c1, pdf = _jam(ru.pdf_undangan, data, penerima)
    w2, c2, pdf_tanpa = _jam(ru.pdf_undangan, dataclasses.replace(data, peta=None), penerima)
    w0, c0, dasar = _jam(baseline_surat, data, penerima)
    for isi in (pdf, pdf_tanpa, dasar):
        assert len(PdfReader(io.BytesIO(isi)).pages) == N_SURAT
    mb = 1024 * 1024
    return [
        f"| surat undangan {N_SURAT:,} (peta di tiap surat) | {w1:.1f} s · {c1:.1f} s CPU · {len(pdf) / mb:.1f} MB "
        f"| {w0:.1f} s · {c0:.1f} s CPU · {len(dasar) / mb:.1f} MB | {c1 / c0:.1f}× |",
        f"| surat undangan {N_SURAT:,} tanpa peta | {w2:.1f} s · {c2:.1f} s CPU · {len(pdf_tanpa) / mb:.1f} MB "
        f"| (sama) | {c2 / c0:.1f}× |",
    ]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-persiapan-") as tmp:
        folder = Path(tmp)
        acara_id, undangan = siapkan(folder)
        awal, servis_awal, _ = ukur_pintu(folder, acara_id, undangan, 0)
        isi_dulu(folder, acara_id, undangan.iloc[2 * N_UKUR :], SUDAH - 2 * N_UKUR)
        akhir, servis_akhir, _ = ukur_pintu(folder, acara_id, undangan, SUDAH)
        baris_surat = ukur_surat()
    print("| langkah | PetaRencana: dinding · CPU | baseline: dinding · CPU | rasio CPU |")
    print("| --- | --- | --- | --- |")
    for label, halaman, servis in (
        (f"pintu, {N_HADIR} undangan, belum ada yang hadir", awal, servis_awal),
        (f"pintu, {N_HADIR} undangan, {SUDAH} sudah hadir", akhir, servis_akhir),
    ):
        wh, ch = _median(halaman)
        ws, cs = _median(servis)
        print(
            f"| {label}: cari + centang di halaman (median {N_UKUR}) | {wh * 1000:.0f} ms · {ch * 1000:.0f} ms CPU "
            f"| tulis lewat layanan saja: {ws * 1000:.0f} ms · {cs * 1000:.0f} ms CPU | |"
        )
    for b in baris_surat:
        print(b)


if __name__ == "__main__":
    main()
