// PetaRencana data-driven map (Streamlit custom component v2, no iframe, offline).
// Geometry is fetched once from static files named by their hash (the wilayah frame, the usulan,
// the planning layers); every rerun sends only colours, tooltips, legend and labels, which restyle
// the layers already on the map. A click on an usulan comes back to Python as the trigger "klik".
const KEADAAN = new WeakMap();
const DIMUAT = new Map();

function muat(nama, css, js) {  // a vendored library from the app's own static folder, once per page
  if (!DIMUAT.has(nama)) {
    DIMUAT.set(nama, new Promise((selesai, gagal) => {
      for (const href of css) {
        const el = document.createElement("link");
        el.rel = "stylesheet";
        el.href = href;
        document.head.appendChild(el);
      }
      const el = document.createElement("script");
      el.src = js;
      el.onload = () => selesai();
      el.onerror = () => gagal(new Error(`${nama} tidak dapat dimuat dari /app/static`));
      document.head.appendChild(el);
    }));
  }
  return DIMUAT.get(nama);
}

function muatLeaflet() {
  if (window.L) return Promise.resolve();
  return muat("leaflet", ["/app/static/vendor/leaflet/leaflet.css"], "/app/static/vendor/leaflet/leaflet.js");
}

function muatKlaster() {
  if (window.L && L.markerClusterGroup) return Promise.resolve();
  const d = "/app/static/vendor/markercluster";
  return muat("klaster", [`${d}/MarkerCluster.css`, `${d}/MarkerCluster.Default.css`], `${d}/leaflet.markercluster.js`);
}

function teks(isi, kelas) {  // an element whose content is text, never HTML
  const el = document.createElement("div");
  if (kelas) el.className = kelas;
  el.textContent = isi;
  return el;
}

function gayaUsulan(u, p, tipe) {
  const w = u.palet[u.kelas[p.i]] || "#888888";
  const sorot = p.id !== undefined && p.id === u.sorot;
  if (tipe === "Point") {
    return { radius: p.n ? Math.min(30, 4 + 2 * Math.sqrt(p.n)) : sorot ? 10 : 6, color: sorot ? "#000000" : "#ffffff",
      weight: sorot ? 3 : 1, fillColor: w, fillOpacity: p.n ? 0.8 : 0.95 };
  }
  return { color: sorot ? "#000000" : w, fillColor: w, weight: sorot ? 7 : 4, fillOpacity: 0.5 };
}

function isiPopup(u, p) {
  const div = document.createElement("div");
  const judul = document.createElement("b");
  judul.textContent = `#${p.id}`;
  div.append(judul, ` ${p.u}`, document.createElement("br"), `${p.d} · ${u.nama[u.kelas[p.i]] || ""}`,
    document.createElement("br"), p.b, document.createElement("br"));
  const a = document.createElement("a");
  a.href = `/usulan?id=${encodeURIComponent(p.id)}`;
  a.textContent = `Buka usulan #${p.id}`;
  div.append(a);
  return div;
}

function geoUsulan(k, gj) {
  return L.geoJSON(gj, {
    pane: "pr-usulan",
    pointToLayer: (f, ll) => L.circleMarker(ll, { pane: "pr-usulan",
      className: f.properties.n ? "pr-usulan-agregat" : `pr-usulan pr-usulan-${f.properties.id}` }),
    style: (f) => Object.assign(gayaUsulan(k.data.usulan, f.properties, f.geometry.type),
      f.geometry.type === "Point" ? {} : { className: `pr-usulan pr-usulan-${f.properties.id}` }),
    onEachFeature: (f, l) => {
      const p = f.properties;
      l.bindTooltip(() => {
        const uu = k.data.usulan;
        return teks(p.n ? `${p.d}: ${p.n} usulan (${p.r})` : `#${p.id} ${p.u} (${uu.nama[uu.kelas[p.i]] || ""})`);
      }, { sticky: true });
      if (p.n) return;
      l.bindPopup(() => isiPopup(k.data.usulan, p), { maxWidth: 320 });
      if (!k.data.sketsa) l.on("click", () => k.kirim && k.kirim("klik", p.id));
    },
  });
}

async function lapisUsulan(k, u) {
  const lapis = geoUsulan(k, await (await fetch(u.url)).json());
  if (u.klaster) {
    await muatKlaster();
    return L.markerClusterGroup({ maxClusterRadius: 40, clusterPane: "pr-usulan" }).addLayer(lapis);
  }
  return lapis;
}

async function lapisRuang(k, r) {  // a planning layer (pola ruang, RDTR zones, overlays) from its static file
  const gj = await (await fetch(r.url)).json();
  return L.geoJSON(gj, {
    pane: "pr-ruang",
    style: (f) => Object.assign({}, r.gaya, f.properties._w ? { fillColor: f.properties._w } : {}),
    onEachFeature: (f, l) => {
      const isi = r.label.map(([kunci, alias]) => `${alias}: ${f.properties[kunci] ?? "–"}`).join(" · ");
      l.bindTooltip(teks(isi, "pr-tooltip-ruang"), { sticky: true });
    },
  });
}

async function isiRuang(k) {  // fetch each planning layer once, when its group is first shown
  for (const r of k.data.ruang || []) {
    if (!k.ruang.has(r.url)) {
      k.ruang.set(r.url, null);
      const l = await lapisRuang(k, r);
      if (k.ruang.has(r.url)) { k.ruang.set(r.url, l); k.grupRuang.addLayer(l); }
    }
  }
}

function kontrolLapisan(k, data) {  // the layer switch of the capture map: planning layers, other usulan
  const kunci = data.kontrol ? JSON.stringify(data.kontrol) : null;
  if (k.kontrolKunci === kunci) return;
  if (k.kontrol) k.kontrol.remove();
  k.kontrol = null;
  k.kontrolKunci = kunci;
  if (!data.kontrol) return;
  const lapis = {};
  if ((data.ruang || []).length) lapis[data.kontrol.ruang] = k.grupRuang;
  if (data.usulan) lapis[data.kontrol.usulan] = k.grupUsulan;
  k.kontrol = L.control.layers(null, lapis, { collapsed: false, position: "topright" }).addTo(k.m);
}

async function perbaruiLapisan(k, data) {
  // planning layers: added once per file, removed when the page no longer asks for them
  const ruang = data.ruang || [];
  for (const [url, l] of k.ruang) {
    if (!ruang.some((r) => r.url === url)) { if (l) k.grupRuang.removeLayer(l); k.ruang.delete(url); }
  }
  if (!k.grupRuang) {
    k.grupRuang = L.layerGroup();
    k.grupRuang.on("add", () => isiRuang(k));
    k.grupUsulan = L.layerGroup().addTo(k.m);
    if (!data.kontrol || data.kontrol.ruang_tampil) k.grupRuang.addTo(k.m);
  } else if (k.m.hasLayer(k.grupRuang)) {
    await isiRuang(k);
  }
  kontrolLapisan(k, data);
  const sorotKunci = JSON.stringify(data.sorot_zona || null);
  if (k.sorotKunci !== sorotKunci) {
    if (k.sorot) k.sorot.remove();
    k.sorot = data.sorot_zona ? L.geoJSON(data.sorot_zona, { pane: "pr-sorot",
      style: { color: "#000000", weight: 4, fillOpacity: 0.05, className: "pr-sorot" },
      onEachFeature: (f, l) => l.bindTooltip(teks(f.properties.t || ""), { sticky: true }) }).addTo(k.m) : null;
    k.sorotKunci = sorotKunci;
  }
  const u = data.usulan;
  const kunciU = u ? `${u.url}|${u.klaster}` : null;
  if (k.kunciU !== kunciU) {
    k.kunciU = kunciU;
    const baru = u ? await lapisUsulan(k, u) : null;
    if (k.kunciU !== kunciU) return;  // a newer render replaced this layer meanwhile
    if (k.usulan) k.grupUsulan.removeLayer(k.usulan);
    k.usulan = baru;
    if (baru) k.grupUsulan.addLayer(baru);
  } else if (k.usulan) {
    const ulang = (l) => (l.feature ? l.setStyle(gayaUsulan(u, l.feature.properties, l.feature.geometry.type)) : null);
    if (k.usulan.eachLayer) k.usulan.eachLayer(ulang);
    if (k.usulan.refreshClusters) k.usulan.refreshClusters();
  }
  if (k.tambahan) k.tambahan.remove();  // the selected usulan on top of a map aggregated per desa
  k.tambahan = u && u.tambahan ? geoUsulan(k, u.tambahan).addTo(k.m) : null;
  if (u) tandaiUji(k, u);
  gambarSketsa(k, data.sketsa);
}

function gambarSketsa(k, sketsa) {  // what the operator is placing: a pin, or a line/polygon's vertices
  const kunci = JSON.stringify(sketsa || null);
  if (k.sketsaKunci === kunci) return;
  k.sketsaKunci = kunci;
  if (k.sketsa) k.sketsa.remove();
  k.sketsa = null;
  if (!sketsa) return;
  const g = L.layerGroup();
  const ll = sketsa.simpul.map(([x, y]) => [y, x]);
  if (sketsa.jenis !== "titik" && ll.length >= 2) {
    (sketsa.jenis === "poligon" && ll.length >= 3
      ? L.polygon(ll, { color: "#d62728", weight: 4, fillOpacity: 0.3, pane: "pr-usulan" })
      : L.polyline(ll, { color: "#d62728", weight: 5, pane: "pr-usulan" })).addTo(g);
  }
  const titik = sketsa.jenis === "titik" ? ll.slice(-1) : ll;
  titik.forEach((p, i) => {
    L.circleMarker(p, { radius: sketsa.jenis === "titik" ? 9 : 5, color: "#000000", weight: 2, fillColor: "#d62728",
      fillOpacity: 1, className: "pr-pin", pane: "pr-usulan" })
      .bindTooltip(sketsa.jenis === "titik" ? "Lokasi usulan" : `Titik ${i + 1}`).addTo(g);
  });
  k.sketsa = g.addTo(k.m);
}

function tandaiUji(k, u) {  // for tests: how many usulan features and their colours
  k.wadah.dataset.usulan = String(u.kelas.length);
  k.wadah.dataset.warnaUsulan = u.kelas.map((i) => u.palet[i]).join(",");
}

function warna(data, i) {
  const k = data.kelas[i];
  return data.palet[k >= 0 ? k : -1 - k];
}

function gaya(data, i, tipe) {
  if (data.latar) {  // the wilayah under usulan: light fill, so the usulan stand out
    return { fillColor: warna(data, i), color: "#555555", weight: data.isi ? 0.8 : 1, fillOpacity: data.isi || 0.25 };
  }
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

export default async function ({ data, parentElement, setTriggerValue }) {
  const wadah = parentElement.querySelector(".pr-peta-data");
  // a number of pixels, or a CSS length (the projector: the screen height less the controls)
  wadah.style.height = typeof data.tinggi === "string" ? data.tinggi : `${data.tinggi || 560}px`;
  await muatLeaflet();
  let k = KEADAAN.get(parentElement);
  if (!k) {
    const m = L.map(wadah, { zoomSnap: 0.25, minZoom: 5, maxZoom: 18, attributionControl: false });
    L.control.scale({ metric: true, imperial: false }).addTo(m);
    m.createPane("pr-latar").style.zIndex = 300;
    m.createPane("pr-ruang").style.zIndex = 350;
    m.createPane("pr-sorot").style.zIndex = 420;
    m.createPane("pr-usulan").style.zIndex = 450;
    k = { m, wadah, url: null, lapis: null, legenda: null, label: null, labelKunci: null, ruang: new Map() };
    KEADAAN.set(parentElement, k);
  }
  k.kirim = setTriggerValue;
  if (data.tangkap && !k.tangkap) {  // the capture map: a click anywhere places a vertex (back to Python)
    k.tangkap = true;
    k.m.options.wheelPxPerZoomLevel = 120;
    k.m.setMinZoom(data.tangkap[0]);
    k.m.setMaxZoom(data.tangkap[1]);
    k.m.on("click", (e) => k.kirim && k.kirim("titik", [e.latlng.lng, e.latlng.lat]));
  }
  k.data = data;
  if (k.url !== data.url) {
    const gj = await (await fetch(data.url)).json();
    if (k.data !== data) return;  // a newer render arrived while this layer was loading
    if (k.lapis) k.lapis.remove();
    k.lapis = L.geoJSON(gj, {
      pane: data.latar ? "pr-latar" : "overlayPane",
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
  await perbaruiLapisan(k, data);
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
  k.legenda.getContainer().classList.toggle("pr-legenda-besar", !!data.kontras);
  k.legenda.getContainer().style.display = data.legenda ? "" : "none";
  if (data.basemap && !k.ubin) {  // opt-in only: needs internet
    k.ubin = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(k.m);
    k.ubin.bringToBack();
  } else if (!data.basemap && k.ubin) {
    k.ubin.remove();
    k.ubin = null;
  }
  if (k.ukuranAwal !== wadah.style.height) {  // the frame's height changed: Leaflet measures again
    k.ukuranAwal = wadah.style.height;
    k.m.invalidateSize();
  }
  const kunci = JSON.stringify([data.label, data.ukuran_label]);
  if (k.labelKunci !== kunci) {
    if (k.label) k.label.remove();
    k.label = L.layerGroup(
      data.label.map(([teks, lat, lon]) => {
        const div = document.createElement("div");
        div.className = "pr-label";
        if (data.ukuran_label) div.style.fontSize = `${data.ukuran_label}px`;
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
