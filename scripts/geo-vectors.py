#!/usr/bin/env python3
"""Generates the geometry test vectors in Tests/GeoTests/Vectors from reference libraries.

    pip install shapely pyproj geographiclib
    python3 scripts/geo-vectors.py

The vectors are committed; the Swift tests (Tests/GeoTests) check OpenEM's Geo module against them:
  distances.json     geodesic distance (geographiclib, WGS84) for pairs from 0.5 m to 500 km
  containment.json   point-in-polygon (shapely) for polygons with holes, concave shells and multipolygons,
                     and point-to-boundary distance in metres (shapely in a local azimuthal equidistant
                     projection from pyproj)
  circles.json       point-in-circle by geodesic distance to the centre (geographiclib)
  bng.json           British National Grid <-> WGS84 (pyproj, EPSG:27700 <-> EPSG:4326)
The seed is fixed, so re-running produces the same files.
"""
import json
import math
import os
import random

from geographiclib.geodesic import Geodesic
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.ops import transform
from shapely.validation import explain_validity

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "GeoTests", "Vectors")
rng = random.Random(20261122)
WGS = Geodesic.WGS84


def r6(x, n=9):
    return round(x, n)


def distances():
    out = []
    # Across the UK and a few other latitudes (the platform may be deployed elsewhere).
    origins = [(51.5074, -0.1278), (53.4808, -2.2426), (55.9533, -3.1883), (50.3755, -4.1427),
               (58.9700, -3.3000), (0.0, 0.0), (-33.8688, 151.2093), (64.1466, -21.9426), (40.7128, -74.0060)]
    scales = [0.5, 1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 250_000, 500_000]
    for lat, lon in origins:
        for s in scales:
            for _ in range(3):
                d = s * rng.uniform(0.7, 1.0)
                az = rng.uniform(-180, 180)
                g = WGS.Direct(lat, lon, az, d)
                inv = WGS.Inverse(lat, lon, g["lat2"], g["lon2"])
                out.append({"a": [r6(lat), r6(lon)], "b": [r6(g["lat2"]), r6(g["lon2"])],
                            "metres": round(WGS.Inverse(r6(lat), r6(lon), r6(g["lat2"]), r6(g["lon2"]))["s12"], 6)})
                assert abs(inv["s12"] - d) < 1e-6
    return out


def regular(cx, cy, rx, ry, n, jitter=0.0, phase=0.0):
    pts = []
    for i in range(n):
        t = phase + 2 * math.pi * i / n
        k = 1 + (rng.uniform(-jitter, jitter) if jitter else 0)
        pts.append((cx + rx * k * math.cos(t), cy + ry * k * math.sin(t)))
    pts.append(pts[0])
    return pts


def star(cx, cy, r_out, r_in, n, lat):
    pts = []
    k = 1 / math.cos(math.radians(lat))
    for i in range(2 * n):
        r = r_out if i % 2 == 0 else r_in
        t = math.pi * i / n
        pts.append((cx + r * k * math.cos(t), cy + r * math.sin(t)))
    pts.append(pts[0])
    return pts


def shapes():
    """Shapes as shapely geometries in (lon, lat): zones of the size a court draws."""
    out = []
    towns = [(-0.1278, 51.5074), (-2.2426, 53.4808), (-1.8904, 52.4862), (-3.1883, 55.9533), (-4.2518, 55.8642),
             (-1.5491, 53.8008), (-2.5879, 51.4545), (-3.1791, 51.4816), (-5.9301, 54.5973), (1.2974, 52.6309)]
    for i, (lon, lat) in enumerate(towns):
        k = 1 / math.cos(math.radians(lat))
        d = 0.004  # ~ 450 m
        kind = i % 5
        if kind == 0:  # irregular convex-ish polygon
            shell = regular(lon, lat, d * k, d, 9, jitter=0.3)
            out.append(("polygon", Polygon(shell)))
        elif kind == 1:  # concave star
            out.append(("concave", Polygon(star(lon, lat, d * 1.5, d * 0.5, 7, lat))))
        elif kind == 2:  # polygon with two holes
            shell = regular(lon, lat, 2 * d * k, 2 * d, 12)
            h1 = regular(lon - 0.8 * d * k, lat, 0.5 * d * k, 0.5 * d, 8)[::-1]
            h2 = regular(lon + 0.8 * d * k, lat + 0.3 * d, 0.4 * d * k, 0.6 * d, 6)[::-1]
            out.append(("holes", Polygon(shell, [h1, h2])))
        elif kind == 3:  # multipolygon: two parts, one with a hole
            a = Polygon(regular(lon - 2 * d * k, lat, d * k, d, 10), [regular(lon - 2 * d * k, lat, 0.4 * d * k, 0.4 * d, 7)[::-1]])
            b = Polygon(star(lon + 2 * d * k, lat + d, d, 0.45 * d, 5, lat))
            out.append(("multipolygon", MultiPolygon([a, b])))
        else:  # long thin corridor with a bend (an exclusion along a road)
            w = 0.0004
            shell = [(lon - 6 * d * k, lat - w), (lon, lat - w), (lon + 3 * d * k, lat + 3 * d - w),
                     (lon + 3 * d * k - w * k, lat + 3 * d + w), (lon - w * k, lat + w), (lon - 6 * d * k, lat + w),
                     (lon - 6 * d * k, lat - w)]
            out.append(("corridor", Polygon(shell)))
    for name, g in out:
        assert g.is_valid, (name, explain_validity(g))
    return out


def rings_of(p):
    return [[[r6(y), r6(x)] for x, y in p.exterior.coords]] + [[[r6(y), r6(x)] for x, y in h.coords] for h in p.interiors]


def containment():
    out = []
    for name, g in shapes():
        minx, miny, maxx, maxy = g.bounds
        cx, cy = g.centroid.x, g.centroid.y
        aeqd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={cy} +lon_0={cx} +datum=WGS84 +units=m",
                                    always_xy=True)
        gm = transform(aeqd.transform, g)
        boundary = gm.boundary
        points = []
        pad_x, pad_y = (maxx - minx) * 0.3, (maxy - miny) * 0.3
        # Uniform points around the shape plus points hugging its edges, where mistakes live.
        cands = [(rng.uniform(minx - pad_x, maxx + pad_x), rng.uniform(miny - pad_y, maxy + pad_y)) for _ in range(250)]
        parts = list(g.geoms) if isinstance(g, MultiPolygon) else [g]
        for part in parts:
            for ring in [part.exterior] + list(part.interiors):
                for _ in range(30):
                    p = ring.interpolate(rng.uniform(0, ring.length))
                    cands.append((p.x + rng.uniform(-2e-5, 2e-5), p.y + rng.uniform(-2e-5, 2e-5)))
                for x, y in list(ring.coords)[:-1]:
                    cands.append((x + rng.uniform(-1e-5, 1e-5), y + rng.uniform(-1e-5, 1e-5)))
        for x, y in cands:
            x, y = r6(x), r6(y)
            pt = Point(x, y)
            if g.boundary.distance(pt) < 1e-8:  # on the line to within a millimetre: shapely and we may differ
                continue
            inside = g.contains(pt)
            d = boundary.distance(Point(*aeqd.transform(x, y)))
            points.append({"p": [y, x], "inside": inside, "boundaryMetres": round(d, 4)})
        polys = [rings_of(p) for p in parts]
        out.append({"name": name, "polygons": polys, "points": points})
    return out


def circles():
    out = []
    for lat, lon, radius in [(51.5, -0.12, 100), (53.48, -2.24, 250), (55.95, -3.19, 1_000), (50.37, -4.14, 5_000),
                             (57.15, -2.11, 20_000)]:
        pts = []
        for _ in range(120):
            d = radius * rng.uniform(0.9, 1.1) if rng.random() < 0.7 else radius * rng.uniform(0, 2)
            g = WGS.Direct(lat, lon, rng.uniform(-180, 180), d)
            p = [r6(g["lat2"]), r6(g["lon2"])]
            s = WGS.Inverse(lat, lon, p[0], p[1])["s12"]
            if abs(s - radius) < 0.01:
                continue
            pts.append({"p": p, "inside": s <= radius, "metres": round(s, 4)})
        out.append({"center": [lat, lon], "radiusMetres": radius, "points": pts})
    return out


def bng():
    to_wgs = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    out = []
    named = [(530_034, 180_381), (383_819, 398_052), (325_839, 673_790), (147_600, 30_300), (651_400, 313_600),
             (246_400, 1_031_500), (451_900, 563_700), (318_400, 176_300), (217_800, 770_300), (346_300, 1_007_100),
             (394_300, 806_500), (641_200, 143_400), (180_200, 860_100), (253_000, 42_000), (440_000, 1_150_000)]
    pts = list(named)
    while len(pts) < 200:
        pts.append((rng.uniform(80_000, 660_000), rng.uniform(10_000, 1_220_000)))
    for e, n in pts:
        lon, lat = to_wgs.transform(e, n)
        out.append({"easting": round(e, 3), "northing": round(n, 3), "lat": r6(lat), "lon": r6(lon)})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in [("distances", distances()), ("containment", containment()), ("circles", circles()),
                       ("bng", bng())]:
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w") as f:
            json.dump(data, f, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: {len(data)} records")


if __name__ == "__main__":
    main()
