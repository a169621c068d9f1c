// PetaRencana data-driven map (Streamlit custom component v2, no iframe, offline).
// Geometry is fetched once from a static file named by its hash; every rerun sends only colours,
// tooltips, legend and labels, which restyle the layers already on the map.
const KEADAAN = new WeakMap();
let leafletSiap = null;

function muatLeaflet() {
  if (window.L) return Promise.resolve();
  if (leafletSiap) return leafletSiap;
  leafletSiap = new Promise((selesai, gagal) => {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = "/app/static/vendor/leaflet/leaflet.css";
    document.head.appendChild(css);
    const js = document.createElement("script");
    js.src = "/app/static/vendor/leaflet/leaflet.js";
    js.onload = () => selesai();
    js.onerror = () => gagal(new Error("Leaflet tidak dapat dimuat dari /app/static"));
    document.head.appendChild(js);
  });
  return leafletSiap;
}

function warna(data, i) {
  const k = data.kelas[i];
  return data.palet[k >= 0 ? k : -1 - k];
}

function gaya(data, i, tipe) {
  if (tipe && tipe.includes("LineString")) {  // a line (a road, a channel) carries its colour in the stroke
    return { color: warna(data, i), weight: 5, opacity: 0.95, dashArray: data.kelas[i] < 0 ? "4 4" : null };
  }
  return {
    fillColor: warna(data, i),
    color: data.kontras ? "#000000" : "#444444",
    weight: data.kontras ? 1.4 : 0.7,
    fillOpacity: data.kontras ? 0.9 : 0.85,
    dashArray: data.kelas[i] < 0 ? "3 3" : null,
  };
}

export default async function ({ data, parentElement }) {
  const wadah = parentElement.querySelector(".pr-peta-data");
  wadah.style.height = `${data.tinggi || 560}px`;
  await muatLeaflet();
  let k = KEADAAN.get(parentElement);
  if (!k) {
    const m = L.map(wadah, { zoomSnap: 0.25, minZoom: 5, maxZoom: 18, attributionControl: false });
    L.control.scale({ metric: true, imperial: false }).addTo(m);
    k = { m, url: null, lapis: null, legenda: null, label: null, labelKunci: null };
    KEADAAN.set(parentElement, k);
  }
  k.data = data;
  if (k.url !== data.url) {
    const gj = await (await fetch(data.url)).json();
    if (k.data !== data) return;  // a newer render arrived while this layer was loading
    if (k.lapis) k.lapis.remove();
    k.lapis = L.geoJSON(gj, {
      // points (activities captured as a pin) as circles, so they take colours like polygons and lines
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 7 }),
      style: (f) => gaya(k.data, f.properties.i, f.geometry.type),
      onEachFeature: (f, lapisan) => {
        const p = f.properties;
        // a function returning a string: Leaflet sets it as the tooltip's content; names are escaped below
        lapisan.bindTooltip(() => {
          const el = document.createElement("div");
          el.textContent = k.data.teks
            ? k.data.teks[p.i]
            : `${p.nama} (${p.kode}) · ${k.data.nilai[p.i]} · peringkat ${k.data.peringkat[p.i]}`;
          return el;
        }, { sticky: true });
        lapisan.on("mouseover", () => lapisan.setStyle({ weight: 3, color: "#000000" }));
        lapisan.on("mouseout", () => lapisan.setStyle(gaya(k.data, f.properties.i, f.geometry.type)));
      },
    }).addTo(k.m);
    k.url = data.url;
    const b = data.batas;
    k.m.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
  } else {
    k.lapis.eachLayer((l) => l.setStyle(gaya(data, l.feature.properties.i, l.feature.geometry.type)));
  }
  wadah.dataset.warna = data.kelas.map((_, i) => warna(data, i)).join(",");  // for tests: colours on the map
  if (!k.legenda) {
    k.legenda = L.control({ position: "bottomright" });
    k.legenda.onAdd = () => {
      const div = L.DomUtil.create("div", "pr-legenda-kontrol");
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    k.legenda.addTo(k.m);
  }
  k.legenda.getContainer().innerHTML = data.legenda;  // built on the server, every label escaped
  k.legenda.getContainer().style.display = data.legenda ? "" : "none";
  if (data.basemap && !k.ubin) {  // opt-in only: needs internet
    k.ubin = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(k.m);
    k.ubin.bringToBack();
  } else if (!data.basemap && k.ubin) {
    k.ubin.remove();
    k.ubin = null;
  }
  const kunci = JSON.stringify(data.label);
  if (k.labelKunci !== kunci) {
    if (k.label) k.label.remove();
    k.label = L.layerGroup(
      data.label.map(([teks, lat, lon]) => {
        const div = document.createElement("div");
        div.className = "pr-label";
        div.textContent = teks;
        return L.marker([lat, lon], {
          interactive: false,
          icon: L.divIcon({ html: div, className: "", iconSize: [220, 23], iconAnchor: [110, 11] }),
        });
      })
    ).addTo(k.m);
    k.labelKunci = kunci;
  }
}
