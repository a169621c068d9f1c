"""The QGIS screenshot of docs/server.md (docs/qgis.png): QGIS 3.22 (Debian `qgis`) on the published layers.

Run inside QGIS, against a server database holding the demo with its conformity results:
``PGPORT=5432 PGDATABASE=petarencana PGUSER=gis POTRET=docs/qgis.png xvfb-run -a -s "-screen 0 1440x900x24"
qgis --nologo --noversioncheck --noplugins --code docs/qgis_potret.py``. It saves a PostGIS
connection, adds ``lapisan.desa_indikator`` (one indicator and year, Jenks classes) and the point
usulan of ``lapisan.usulan_verdik`` coloured by verdict, then grabs the main window and quits.
"""

import os

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsClassificationJenks,
    QgsDataSourceUri,
    QgsGraduatedSymbolRenderer,
    QgsProject,
    QgsRendererCategory,
    QgsSettings,
    QgsStyle,
    QgsSymbol,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtGui import QColor
from qgis.utils import iface

HOST = os.environ.get("PGHOST", "127.0.0.1")
PORT = os.environ.get("PGPORT", "5432")
DB = os.environ.get("PGDATABASE", "petarencana")
AKUN = os.environ.get("PGUSER", "gis")
KELUAR = os.environ.get("POTRET", "qgis.png")
s = QgsSettings()
base = "PostgreSQL/connections/PetaRencana (server)/"
for k, v in {
    "host": HOST,
    "port": PORT,
    "database": DB,
    "username": AKUN,
    "saveUsername": "true",
    "sslmode": "SslDisable",
    "publicOnly": "false",
    "geometryColumnsOnly": "false",
    "allowGeometrylessTables": "false",
}.items():
    s.setValue(base + k, v)
s.setValue("PostgreSQL/connections/selected", "PetaRencana (server)")
s.setValue("qgis/showTips", False)


def lapisan(tabel, nama, kunci, saring="", jenis=None):
    """A published view as a QGIS layer (views need a unique key column; a generic geometry column a type)."""
    uri = QgsDataSourceUri()
    uri.setConnection(HOST, PORT, DB, AKUN, "")
    uri.setDataSource("lapisan", tabel, "geom", saring, kunci)
    uri.setSrid("4326")
    if jenis is not None:
        uri.setWkbType(jenis)
    lp = QgsVectorLayer(uri.uri(False), nama, "postgres")
    assert lp.isValid(), tabel
    return lp


desa = lapisan(
    "desa_indikator", "desa_indikator — penduduk miskin 2025", "kode", "indikator = 'penduduk_miskin' AND tahun = 2025"
)
sym = QgsSymbol.defaultSymbol(desa.geometryType())
sym.symbolLayer(0).setStrokeColor(QColor("#ffffff"))
ramp = QgsStyle.defaultStyle().colorRamp("Blues")
r = QgsGraduatedSymbolRenderer("nilai")
r.setSourceSymbol(sym)
r.setSourceColorRamp(ramp)
r.setClassificationMethod(QgsClassificationJenks())
r.updateClasses(desa, 5)
desa.setRenderer(r)

usulan = lapisan(
    "usulan_verdik",
    "usulan_verdik (titik) — kesesuaian ruang",
    "id",
    "tahun = 2027 AND GeometryType(geom) = 'POINT'",
    QgsWkbTypes.Point,
)
warna = {
    "sesuai": ("Sesuai", "#1a9850"),
    "terbatas": ("Terbatas", "#91cf60"),
    "bersyarat": ("Bersyarat", "#fee08b"),
    "perlu_kajian": ("Perlu kajian", "#fc8d59"),
    "tidak_sesuai": ("Tidak sesuai", "#d73027"),
}
kat = []
for k, (n, w) in warna.items():
    sy = QgsSymbol.defaultSymbol(usulan.geometryType())
    sy.setColor(QColor(w))
    try:
        sy.setSize(3.2)
    except Exception:
        sy.setWidth(1.2)
    kat.append(QgsRendererCategory(k, sy, n))
usulan.setRenderer(QgsCategorizedSymbolRenderer("verdik", kat))

QgsProject.instance().addMapLayer(desa)
QgsProject.instance().addMapLayer(usulan)
iface.mapCanvas().setExtent(desa.extent())
iface.mapCanvas().refresh()
iface.setActiveLayer(usulan)

iface.mainWindow().resize(1440, 900)


def potret():
    """Save the main window as the screenshot and quit."""
    iface.mainWindow().grab().save(KELUAR)
    print("POTRET", desa.featureCount(), usulan.featureCount(), flush=True)
    QgsApplication.exit(0)


QTimer.singleShot(15000, potret)
