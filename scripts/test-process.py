"""Process-level tests of the openem binary: what an operator does from a shell, and kill -9.

- `openem users add` reads the password from standard input;
- `openem audit verify` exits 0 on an intact chain, and non-zero naming the first bad entry after a row is
  altered directly in the database file;
- `openem serve` killed with SIGKILL in the middle of telemetry uploads loses nothing it acknowledged, and on
  restart the evaluator resumes from its cursor without duplicating violations;
- `openem retention run --dry-run` prints what it would delete and deletes nothing; a real run deletes the fixes,
  their packed trails and search cells, writes one audit entry, and the audit chain still verifies.

Usage: python3 scripts/test-process.py PATH-TO-openem
"""
import hashlib
import hmac
import http.server
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from openem_testlib import call, free_port, iso
from openem_testlib import start_server as start_openem

BIN = os.path.abspath(sys.argv[1])
passed = 0
failed = 0


class SetupFailed(Exception):
    pass


def check(cond, what, detail=None, fatal=False):
    global passed, failed
    if cond:
        passed += 1
        print(f"  ok: {what}")
    else:
        failed += 1
        if detail is not None:
            print(f"    got: {str(detail)[:400]}")
        print(f"  FAIL: {what}")
        if fatal:
            raise SetupFailed(what)




def start_server(db, port):
    return start_openem(BIN, db, port, db + ".log")


def start_receiver(port, received):
    """A webhook receiver recording each delivery's headers and body and answering 200."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append({"headers": dict(self.headers), "body": body})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main():
    work = tempfile.mkdtemp(prefix="openem-process-")
    db = os.path.join(work, "openem.sqlite")

    print("== users add and audit verify")
    r = subprocess.run([BIN, "users", "add", "--database", db, "--username", "admin", "--role", "admin"],
                       input="admin-password-1\n", capture_output=True, text=True)
    check(r.returncode == 0, "users add creates an administrator from a password on stdin")
    r = subprocess.run([BIN, "users", "add", "--database", db, "--username", "cop", "--role", "police"],
                       input="long-enough\n", capture_output=True, text=True)
    check(r.returncode != 0 and "forceArea" in (r.stderr + r.stdout), "a police user without a force area is refused")

    port = free_port()
    server = start_server(db, port)
    try:
        status, tok = call(port, "POST", "/api/v1/auth/token", body={"username": "admin", "password": "admin-password-1"})
        check(status == 200, "the administrator logs in", fatal=True)
        admin = tok["token"]
        s, subj = call(port, "POST", "/api/v1/subjects", admin, {
            "firstName": "Sam", "lastName": "Tester", "forceArea": "MPS", "probationRegion": "London",
            "addresses": [{"type": "PRIMARY", "line1": "1 Test Road", "location": {"lat": 51.5007, "lon": -0.1246}}]})
        check(s == 201, "a subject is created", fatal=True)
        now = datetime.now(timezone.utc)
        zone = {"type": "Polygon", "coordinates": [[[-0.13, 51.51], [-0.12, 51.51], [-0.12, 51.515], [-0.13, 51.515], [-0.13, 51.51]]]}
        s, order = call(port, "POST", "/api/v1/orders", admin, {
            "subjectId": subj["id"], "orderType": "BAIL", "cohort": "STANDARD", "startDate": (now - timedelta(days=1)).strftime("%Y-%m-%d"),
            "conditions": [{"type": "exclusionZone", "name": "Zone", "geometry": zone}]})
        check(s == 201, "an order with an exclusion zone is created", order, fatal=True)
        s, dev = call(port, "POST", "/api/v1/devices", admin, {"serial": "KILL-1", "type": "GPS_TAG"})
        start = now - timedelta(hours=3)
        s, _ = call(port, "POST", f"/api/v1/orders/{order['id']}/installations", admin,
                    {"deviceId": dev["id"], "installedAt": iso(start - timedelta(minutes=1))})
        check(s == 201, "the tag is installed", fatal=True)

        print("== kill -9 during uploads")
        acked = []
        stop = threading.Event()

        def upload():
            seq = 0
            while not stop.is_set() and seq < 10000:
                msgs = []
                for k in range(50):
                    t = start + timedelta(seconds=seq)
                    inside = (seq // 600) % 2 == 1   # ten minutes out, ten minutes in the zone
                    lat, lon = (51.5125, -0.125) if inside else (51.50, -0.14)
                    msgs.append({"seq": seq, "type": "position", "time": iso(t), "lat": lat, "lon": lon, "accuracyMetres": 8})
                    seq += 1
                try:
                    st, res = call(port, "POST", "/api/v1/telemetry", dev["key"], {"deviceId": dev["id"], "messages": msgs})
                    if st == 200:
                        acked.extend(m["seq"] for m in msgs)
                except OSError:
                    return

        t = threading.Thread(target=upload)
        t.start()
        # Kill while uploads are in flight: after some batches are acknowledged, well before the last.
        deadline = time.time() + 30
        while len(acked) < 1500 and time.time() < deadline and t.is_alive():
            time.sleep(0.005)
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        t.join()
        check(0 < len(acked) < 10000, f"the kill came mid-upload: {len(acked)} of 10000 messages acknowledged")
        con = sqlite3.connect(db)
        stored = {row[0] for row in con.execute("SELECT seq FROM telemetry")}
        con.close()
        check(set(acked) <= stored, "every acknowledged message survived kill -9")

        server = start_server(db, port)
        # Resend everything: acknowledged messages are duplicates, the rest are stored once.
        for i in range(0, 10000, 500):
            msgs = [{"seq": q, "type": "position", "time": iso(start + timedelta(seconds=q)),
                     "lat": 51.5125 if (q // 600) % 2 == 1 else 51.50, "lon": -0.125 if (q // 600) % 2 == 1 else -0.14,
                     "accuracyMetres": 8} for q in range(i, i + 500)]
            call(port, "POST", "/api/v1/telemetry", dev["key"], {"deviceId": dev["id"], "messages": msgs})
        deadline = time.time() + 60
        while time.time() < deadline:
            con = sqlite3.connect(db)
            cursor = con.execute("SELECT coalesce(max(offset), 0) FROM evaluator_cursor").fetchone()[0]
            top = con.execute("SELECT max(offset) FROM telemetry").fetchone()[0]
            con.close()
            if cursor == top:
                break
            time.sleep(0.5)
        check(cursor == top, "after restart the evaluator caught up with the log")
        con = sqlite3.connect(db)
        count = con.execute("SELECT count(*) FROM telemetry").fetchone()[0]
        entries = con.execute("SELECT start FROM violations WHERE type = 'EXCLUSION_ZONE_ENTRY' AND status != 'WITHDRAWN' ORDER BY start").fetchall()
        alerts = con.execute("SELECT count(*), count(DISTINCT violation_id) FROM alerts").fetchone()
        con.close()
        check(count == 10000, f"each message stored exactly once ({count})")
        check(len(entries) == 8, f"8 zone entries in 10000 s of 10-minute in/out cycles, none duplicated ({len(entries)})")
        check(alerts[0] == alerts[1], "one alert per violation")

        print("== webhooks: receiver down, server killed, receiver back")
        con = sqlite3.connect(db)
        expected = [r[0] for r in con.execute("SELECT id FROM outbox WHERE topic = 'alert' ORDER BY id")]
        con.close()
        hook_port = free_port()
        secret = "process-test-secret-0123456789"
        s, hook = call(port, "POST", "/api/v1/webhooks", admin,
                       {"url": f"http://127.0.0.1:{hook_port}/hook", "secret": secret, "fromBeginning": True})
        check(s == 201, "a webhook is subscribed from the beginning of the outbox", hook, fatal=True)
        other_port = free_port()
        other_received = []
        other = start_receiver(other_port, other_received)
        s, _ = call(port, "POST", "/api/v1/webhooks", admin,
                    {"url": f"http://127.0.0.1:{other_port}/hook", "secret": secret, "fromBeginning": True, "forceArea": "GMP"})
        check(s == 201, "a second webhook is subscribed for another force (GMP)", fatal=True)
        time.sleep(3)  # deliveries fail: nothing listens on the receiver's port
        server.send_signal(signal.SIGKILL)
        server.wait()
        received = []
        receiver = start_receiver(hook_port, received)
        server = start_server(db, port)
        deadline = time.time() + 60
        while time.time() < deadline and len(received) < len(expected):
            time.sleep(0.2)
        time.sleep(1.5)  # anything delivered twice would arrive now
        receiver.shutdown()
        other.shutdown()
        check(other_received == [], f"the other force's webhook received none of these MPS alerts ({len(other_received)})")
        ids = [r["headers"].get("X-OpenEM-Delivery") for r in received]
        seqs = [json.loads(r["body"])["sequence"] for r in received]
        check(len(expected) > 0 and seqs == expected,
              f"every alert event delivered once, in outbox order ({len(received)} of {len(expected)})", seqs)
        check(len(set(ids)) == len(ids) and all(i and i.startswith(hook["id"]) for i in ids), "delivery ids are unique")
        good = all(r["headers"].get("X-OpenEM-Signature") ==
                   "sha256=" + hmac.new(secret.encode(), r["body"], hashlib.sha256).hexdigest() for r in received)
        check(good and received, "every delivery carries a valid HMAC-SHA256 signature of its body")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            check(False, "the server stops within 20 s of SIGTERM")

    print("== openem import crimes")
    r = subprocess.run([BIN, "users", "add", "--database", db, "--username", "analyst", "--role", "crime_analyst",
                        "--force-area", "MPS"], input="analyst-password\n", capture_output=True, text=True)
    check(r.returncode == 0, "a crime analyst is added", r.stderr)
    fmt = lambda t: t.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")  # noqa: E731
    csv_path = os.path.join(work, "crimes.csv")
    with open(csv_path, "w") as f:
        f.write(f"Metropolitan,RB,Robbery,MPS{now.strftime('%Y%m%d')},01/9/26,{fmt(start + timedelta(seconds=700))},"
                f"{fmt(start + timedelta(seconds=900))},,,51.51250,-0.12500,WGS84,In the zone\n")
        f.write(f"Metropolitan,RB,Robbery,MPS{now.strftime('%Y%m%d')},01/10/26,{fmt(start)},{fmt(start)},,,48.85,2.35,WGS84,Paris\n")
    r = subprocess.run([BIN, "import", "crimes", "--database", db, "--username", "analyst", csv_path], capture_output=True, text=True)
    check(r.returncode == 0 and "PARTIAL" in r.stdout and "OUTSIDE_GREAT_BRITAIN" in r.stdout
          and "1 of 1 crimes matched" in r.stdout, "a batch is imported, its bad row reported and its crime matched", r.stdout + r.stderr)

    print("== retention run")
    def counts():
        con = sqlite3.connect(db)
        found = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ["telemetry", "trail_chunks", "position_slots", "crimes", "audit"]}
        con.close()
        return found
    before = counts()
    later = iso(now + timedelta(days=800))
    r = subprocess.run([BIN, "retention", "run", "--database", db, "--now", later, "--dry-run"], capture_output=True, text=True)
    check(r.returncode == 0 and "dry run" in r.stdout and "LOCATION         would delete" in r.stdout
          and "LOCATION         would delete 0" not in r.stdout, "a dry run two years on says what it would delete", r.stdout + r.stderr)
    check(counts() == before, "a dry run deletes nothing and writes no audit entry", counts())
    r = subprocess.run([BIN, "retention", "run", "--database", db, "--now", later], capture_output=True, text=True)
    after = counts()
    check(r.returncode == 0 and "LOCATION         deleted" in r.stdout and "AUDIT            kept" in r.stdout,
          "a run prints per class what it deleted", r.stdout + r.stderr)
    check(after["telemetry"] == 0 and after["trail_chunks"] == 0 and after["position_slots"] == 0,
          "fixes, packed trails and search cells are gone", after)
    check(after["crimes"] == 0 and before["crimes"] > 0, "crimes two years old are gone", after)
    check(after["audit"] == before["audit"] + 1, "the run is one audit entry and no entry is deleted", after)
    r = subprocess.run([BIN, "audit", "verify", "--database", db], capture_output=True, text=True)
    check(r.returncode == 0 and "intact" in r.stdout, "audit verify passes after a retention run", r.stdout)
    r = subprocess.run([BIN, "retention", "run", "--database", db, "--now", "next tuesday"], capture_output=True, text=True)
    check(r.returncode != 0 and "ISO-8601" in r.stderr, "a --now that is not a time is refused", r.stderr)

    r = subprocess.run([BIN, "audit", "verify", "--database", db], capture_output=True, text=True)
    check(r.returncode == 0 and "intact" in r.stdout, "audit verify passes before tampering")
    con = sqlite3.connect(db)
    con.execute("UPDATE audit SET actor_id = 'someone-else' WHERE seq = 3")
    con.commit()
    con.close()
    r = subprocess.run([BIN, "audit", "verify", "--database", db], capture_output=True, text=True)
    check(r.returncode != 0 and "entry 3" in r.stdout, f"audit verify fails and names entry 3 after tampering: {r.stdout.strip()}")

    print(f"process tests: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


try:
    main()
except SetupFailed as e:
    print(f"process tests: stopped, a prerequisite failed: {e}")
    sys.exit(1)
