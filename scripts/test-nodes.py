"""Two `openem serve` nodes on one PostgreSQL database: one is killed with SIGKILL in the middle of uploads.

Both nodes take uploads; the background work (evaluator, escalation, webhooks) runs on the node holding the
lease. When that node is killed, the other takes over within 10 seconds and resumes from the stored cursor. The
result must equal the single-node run of the same data in test-process.py: every message stored once, 8 zone
entries, one alert per violation. Then a third node joins: it must get its fair share of the leases (the survivor
hands some over), and a further zone entry sent through it must be found once and alerted once.

Usage: python3 scripts/test-nodes.py PATH-TO-openem POSTGRES-URL
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit
from openem_testlib import Checks, call, free_port, iso, start_server, zoned_wearer

BIN = os.path.abspath(sys.argv[1])
SERVER = sys.argv[2]
check = Checks()


def sql(url, statement):
    out = subprocess.run(["psql", url, "-tAc", statement], capture_output=True, text=True, check=True).stdout.strip()
    return out


def start_node(url, port, log_path):
    return start_server(BIN, url, port, log_path, level="notice")


def leases(log_path):
    """The leases a node holds, from its log."""
    with open(log_path, errors="replace") as f:
        text = f.read()
    names = set(re.findall(r"now runs (openem-[a-z0-9-]+)", text))
    return {n for n in names if text.count(f"now runs {n}") > text.count(f"no longer runs {n}")}


def leads(log_path):
    return any(n.startswith("openem-evaluator") for n in leases(log_path))


def main():
    work = tempfile.mkdtemp(prefix="openem-nodes-")
    name = "openem_nodes_" + uuid.uuid4().hex[:8]
    sql(SERVER, f"CREATE DATABASE {name}")
    parts = urlsplit(SERVER)
    url = urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
    nodes = {}
    try:
        r = subprocess.run([BIN, "users", "add", "--database", url, "--username", "admin", "--role", "admin"],
                           input="admin-password-1\n", capture_output=True, text=True)
        check(r.returncode == 0, "users add on PostgreSQL", r.stderr)
        logs = {n: os.path.join(work, f"{n}.log") for n in ("a", "b")}
        ports = {n: free_port() for n in ("a", "b")}
        for n in ("a", "b"):
            nodes[n] = start_node(url, ports[n], logs[n])
        time.sleep(3)
        held = {n: leases(logs[n]) for n in ("a", "b")}
        every = held["a"] | held["b"]
        check(len(every) == 5 and not (held["a"] & held["b"]),
              f"alert delivery and each of the 4 evaluator partitions run on exactly one node ({held})")
        leader = max(("a", "b"), key=lambda n: len(held[n]))
        follower = "b" if leader == "a" else "a"

        _, tok = call(ports[follower], "POST", "/api/v1/auth/token", body={"username": "admin", "password": "admin-password-1"})
        admin = tok["token"]
        # Set up through the follower: the leader's evaluator must see it.
        p = ports[follower]
        start = datetime.now(timezone.utc) - timedelta(hours=3)
        s, dev = zoned_wearer(p, admin, "Nodes", "NODES-1", start - timedelta(minutes=1))
        check(s == 201, "an order with an exclusion zone and a fitted tag, set up through the follower")

        # A monitoring officer watches the alert stream on the follower, whose evaluator work is done elsewhere.
        s, _ = call(p, "POST", "/api/v1/users", admin, {"username": "mc.one", "password": "monitor-password-1",
                                                         "roles": ["monitoring_officer"]})
        _, mt = call(p, "POST", "/api/v1/auth/token", body={"username": "mc.one", "password": "monitor-password-1"})
        streamed = []

        def watch():
            req = urllib.request.Request(f"http://127.0.0.1:{p}/api/v1/alerts/stream",
                                         headers={"Authorization": f"Bearer {mt['token']}", "Accept": "text/event-stream"})
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    for line in r:
                        if line.startswith(b"data: "):
                            streamed.append(json.loads(line[6:]).get("id"))
            except Exception:
                pass

        threading.Thread(target=watch, daemon=True).start()
        time.sleep(1)

        def batch(first, size):
            return [{"seq": q, "type": "position", "time": iso(start + timedelta(seconds=q)),
                     "lat": 51.5125 if (q // 600) % 2 == 1 else 51.50, "lon": -0.125 if (q // 600) % 2 == 1 else -0.14,
                     "accuracyMetres": 8} for q in range(first, first + size)]

        acked = []
        killed = threading.Event()

        def upload():
            for i, first in enumerate(range(0, 10000, 50)):
                # Alternate between the nodes until the leader is killed, then the survivor only.
                target = ports[follower] if killed.is_set() or i % 2 else ports[leader]
                try:
                    st, _ = call(target, "POST", "/api/v1/telemetry", dev["key"], {"deviceId": dev["id"], "messages": batch(first, 50)})
                    if st == 200:
                        acked.extend(range(first, first + 50))
                except OSError:
                    pass
                time.sleep(0.01)

        t = threading.Thread(target=upload)
        t.start()
        deadline = time.time() + 60
        while len(acked) < 3000 and time.time() < deadline:
            time.sleep(0.01)
        nodes[leader].send_signal(signal.SIGKILL)
        nodes[leader].wait()
        killed_at = time.time()
        at_kill = len(acked)
        killed.set()
        t.join()
        check(0 < at_kill < 10000, f"the leader was killed mid-upload ({at_kill} of 10000 messages acknowledged by then)")
        while time.time() - killed_at < 15 and len(leases(logs[follower])) < 5:
            time.sleep(0.2)
        took = time.time() - killed_at
        check(len(leases(logs[follower])) == 5 and took <= 10,
              f"the surviving node took every partition and alert delivery over in {took:.1f} s (at most 10)", leases(logs[follower]))
        stored = set(int(x) for x in sql(url, "SELECT seq FROM telemetry").split())
        check(set(acked) <= stored, "every acknowledged message survived")
        # Resend everything through the survivor: acknowledged ones are duplicates.
        for first in range(0, 10000, 500):
            call(ports[follower], "POST", "/api/v1/telemetry", dev["key"], {"deviceId": dev["id"], "messages": batch(first, 500)})
        deadline = time.time() + 90
        while time.time() < deadline:
            cursor = int(sql(url, "SELECT coalesce(min(log_offset), 0) FROM evaluator_cursor") or 0)
            if int(sql(url, "SELECT count(*) FROM evaluator_cursor")) < 4:
                cursor = 0
            top = int(sql(url, "SELECT log_offset FROM log_head"))
            if cursor == top:
                break
            time.sleep(0.5)
        check(cursor == top, f"every partition's evaluator caught up with the log ({cursor} of {top})")
        count = int(sql(url, "SELECT count(*) FROM telemetry"))
        entries = int(sql(url, "SELECT count(*) FROM violations WHERE type = 'EXCLUSION_ZONE_ENTRY' AND status != 'WITHDRAWN'"))
        alerts = sql(url, "SELECT count(*) || ' ' || count(DISTINCT violation_id) FROM alerts").split()
        check(count == 10000, f"each message stored exactly once ({count})")
        check(entries == 8, f"8 zone entries, as on one node, none lost or duplicated ({entries})")
        check(alerts[0] == alerts[1], f"one alert per violation ({alerts})")

        # A node joining later gets its fair share: the survivor hands leases over, and evaluation carries on.
        logs["c"], ports["c"] = os.path.join(work, "c.log"), free_port()
        nodes["c"] = start_node(url, ports["c"], logs["c"])
        deadline = time.time() + 40
        while time.time() < deadline:
            joined, survivor = leases(logs["c"]), leases(logs[follower])
            if len(joined) >= 2 and len(survivor) <= 3 and len(joined | survivor) == 5 and not (joined & survivor):
                break
            time.sleep(0.5)
        check(len(joined) >= 2 and len(survivor) <= 3 and len(joined | survivor) == 5 and not (joined & survivor),
              f"a node that joined later took its share of the work ({len(joined)} leases; the survivor kept {len(survivor)})",
              (joined, survivor))
        # Ten minutes more, five of them in the zone, sent through the new node: one more entry, on whichever node.
        later = [{"seq": 10000 + i, "type": "position", "time": iso(start + timedelta(seconds=10000 + i * 0.5)),
                  "lat": 51.5125 if 200 <= i < 800 else 51.50, "lon": -0.125 if 200 <= i < 800 else -0.14, "accuracyMetres": 8}
                 for i in range(1200)]
        for first in range(0, 1200, 100):
            st, _ = call(ports["c"], "POST", "/api/v1/telemetry", dev["key"], {"deviceId": dev["id"], "messages": later[first:first + 100]})
        top = int(sql(url, "SELECT log_offset FROM log_head"))
        deadline = time.time() + 60
        while time.time() < deadline and int(sql(url, "SELECT coalesce(min(log_offset), 0) FROM evaluator_cursor")) < top:
            time.sleep(0.5)
        entries = int(sql(url, "SELECT count(*) FROM violations WHERE type = 'EXCLUSION_ZONE_ENTRY' AND status != 'WITHDRAWN'"))
        alerts = sql(url, "SELECT count(*) || ' ' || count(DISTINCT violation_id) FROM alerts").split()
        check(entries == 9 and alerts[0] == alerts[1],
              f"after the hand-over the new zone entry is found once and alerted once ({entries} entries; alerts {alerts})")
        time.sleep(2)
        ids = set(sql(url, "SELECT id FROM alerts").split())
        seen = {a for a in streamed if isinstance(a, str)}
        check(ids and ids <= seen, f"the follower's alert stream carried every alert raised on the leader ({len(seen & ids)} of {len(ids)})",
              streamed[:3])
    finally:
        for p in nodes.values():
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait()
        sql(SERVER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(f"node tests: {check.passed} passed, {check.failed} failed")
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
