"""Helpers shared by the process, node and browser tests: a free loopback port, a JSON call to the API, starting
`openem serve`, API timestamps and counted checks."""
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def call(port, method, path, token=None, body=None, empty=None):
    """(status, parsed JSON body); `empty` stands for an empty body."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else empty
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, json.loads(raw) if raw else empty


def iso(t):
    """An API timestamp (UTC, milliseconds) from an aware datetime."""
    from datetime import timezone
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


# An exclusion zone of about 700 m by 550 m north of Westminster; (51.5125, -0.125) is inside, (51.50, -0.14) outside.
ZONE = {"type": "Polygon", "coordinates": [[[-0.13, 51.51], [-0.12, 51.51], [-0.12, 51.515], [-0.13, 51.515], [-0.13, 51.51]]]}


def zoned_wearer(port, token, last_name, serial, fitted_at):
    """A person on bail with the exclusion zone `ZONE` and a GPS tag fitted at `fitted_at` (an aware datetime);
    returns (the fitting's HTTP status, the device with its key)."""
    from datetime import datetime, timedelta, timezone
    _, subj = call(port, "POST", "/api/v1/subjects", token, {
        "firstName": "Sam", "lastName": last_name, "forceArea": "MPS", "probationRegion": "London",
        "addresses": [{"type": "PRIMARY", "line1": "1 Test Road", "location": {"lat": 51.5007, "lon": -0.1246}}]})
    today = datetime.now(timezone.utc)
    _, order = call(port, "POST", "/api/v1/orders", token, {
        "subjectId": subj["id"], "orderType": "BAIL", "cohort": "STANDARD", "startDate": (today - timedelta(days=1)).strftime("%Y-%m-%d"),
        "conditions": [{"type": "exclusionZone", "name": "Zone", "geometry": ZONE}]})
    _, dev = call(port, "POST", "/api/v1/devices", token, {"serial": serial, "type": "GPS_TAG"})
    s, _ = call(port, "POST", f"/api/v1/orders/{order['id']}/installations", token, {"deviceId": dev["id"], "installedAt": iso(fitted_at)})
    return s, dev


def start_server(binary, database, port, log_path, level="warning"):
    """`openem serve` in the background, its output to a file (a child holding the caller's stdout open would keep a
    pipe reader waiting); returns once /health answers."""
    log = open(log_path, "ab")
    p = subprocess.Popen([binary, "serve", "--database", database, "--port", str(port), "--log-level", level],
                         stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            if call(port, "GET", "/health")[0] == 200:
                return p
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not start")


class Checks:
    """Counted checks that print as they go."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, cond, what, detail=None):
        if cond:
            self.passed += 1
            print(f"  ok: {what}")
        else:
            self.failed += 1
            if detail is not None:
                print(f"    got: {str(detail)[:400]}")
            print(f"  FAIL: {what}")
        return cond
