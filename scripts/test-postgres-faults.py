"""What an operator meets when PostgreSQL is not as it should be, on the real binary.

- A database where PostGIS is not enabled and OpenEM's user may not enable it: the command stops at once and says
  what an administrator must run.
- The database going away under a running `openem serve` (a TCP proxy between them is stopped, so every
  connection drops and new ones are refused): requests get 503 STORE_UNAVAILABLE within the connection deadline
  instead of waiting; once the database is back the same node answers again by itself, nothing acknowledged is
  lost, a device's retried upload is stored once, and the evaluator (whose lease went with its connection) picks
  up where it stopped and raises the alert for data that arrived after the outage. (Before the check in
  `runExclusively`, a node whose lease connections dropped went on as if it still held its leases.)

Usage: python3 scripts/test-postgres-faults.py PATH-TO-openem POSTGRES-URL
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit
from openem_testlib import Checks, call, free_port, iso, start_server, zoned_wearer

BIN = os.path.abspath(sys.argv[1])
SERVER = sys.argv[2]
check = Checks()


def sql(url, statement):
    return subprocess.run(["psql", url, "-tAc", statement], capture_output=True, text=True, check=True).stdout.strip()


def database_url(name, user=None, query=""):
    parts = urlsplit(SERVER)
    netloc = parts.netloc if user is None else f"{user}@{parts.hostname}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, "/" + name, query, ""))


class Proxy:
    """A TCP forwarder on a fixed local port; `stop` closes the listener and every connection through it."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.sockets = []
        self.lock = threading.Lock()
        self.listener = None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                if listener is not self.listener or listener.fileno() < 0:  # stopped meanwhile: this one goes too
                    client.close()
                    upstream.close()
                    continue
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not, on Linux)
        except OSError:
            pass
        with self.lock:
            self.listener.close()
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.sockets = []


def without_postgis():
    print("== a database without PostGIS, and a user who may not enable it")
    name = "openem_nogis_" + uuid.uuid4().hex[:8]
    role = "openem_limited_" + uuid.uuid4().hex[:6]
    sql(SERVER, f"CREATE ROLE {role} LOGIN")
    sql(SERVER, f"CREATE DATABASE {name} OWNER {role}")
    try:
        began = time.time()
        r = subprocess.run([BIN, "users", "add", "--database", database_url(name, role), "--username", "admin", "--role", "admin"],
                           input="admin-password-1\n", capture_output=True, text=True, timeout=60)
        took = time.time() - began
        check(r.returncode != 0 and took < 15, f"openem stops at once (exit {r.returncode} in {took:.1f} s)")
        check("PostGIS" in r.stderr and f'"{name}"' in r.stderr and "CREATE EXTENSION postgis" in r.stderr,
              "the error names PostGIS, the database, and what an administrator must run", r.stderr)
        check("unavailable(" not in r.stderr, "the message is written for a person, not as a Swift value", r.stderr)
    finally:
        sql(SERVER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        sql(SERVER, f"DROP ROLE IF EXISTS {role}")


def database_goes_away(work):
    print("== the database goes away under a running node, and comes back")
    name = "openem_faults_" + uuid.uuid4().hex[:8]
    sql(SERVER, f"CREATE DATABASE {name}")
    direct = database_url(name)
    proxy = Proxy(free_port(), (urlsplit(SERVER).hostname, urlsplit(SERVER).port))
    proxy.start()
    through = urlunsplit(("postgres", f"postgres@127.0.0.1:{proxy.port}", "/" + name, "connect_timeout=2", ""))
    node = None
    try:
        r = subprocess.run([BIN, "users", "add", "--database", direct, "--username", "admin", "--role", "admin"],
                           input="admin-password-1\n", capture_output=True, text=True)
        check(r.returncode == 0, "users add", r.stderr)
        port = free_port()
        node = start_server(BIN, through, port, os.path.join(work, "node.log"), level="notice")
        _, tok = call(port, "POST", "/api/v1/auth/token", body={"username": "admin", "password": "admin-password-1"})
        admin = tok["token"]
        start = datetime.now(timezone.utc) - timedelta(hours=1)
        s, dev = zoned_wearer(port, admin, "Outage", "OUTAGE-1", start - timedelta(minutes=1))
        check(s == 201, "an order with an exclusion zone and a fitted tag")

        def batch(first, inside):
            # A fix every 10 s; `inside` puts them in the exclusion zone.
            return {"deviceId": dev["id"], "messages": [
                {"seq": q, "type": "position", "time": iso(start + timedelta(seconds=10 * q)),
                 "lat": 51.5125 if inside else 51.50, "lon": -0.125 if inside else -0.14, "accuracyMetres": 8}
                for q in range(first, first + 30)]}

        s, r = call(port, "POST", "/api/v1/telemetry", dev["key"], batch(0, False))
        check(s == 200 and r.get("accepted") == 30, "uploads are stored while the database is there", r)
        time.sleep(1)

        proxy.stop()
        began = time.time()
        s, r = call(port, "GET", "/api/v1/subjects", admin)
        took = time.time() - began
        check(s == 503 and (r or {}).get("error", {}).get("code") == "STORE_UNAVAILABLE" and took < 8,
              f"with the database away a read is answered 503 STORE_UNAVAILABLE in {took:.1f} s, not left waiting", (s, r))
        began = time.time()
        s, r = call(port, "POST", "/api/v1/telemetry", dev["key"], batch(30, True))
        took = time.time() - began
        check(s == 503 and took < 8, f"an upload is refused with 503 (the device keeps it and retries) in {took:.1f} s", (s, r))
        check(node.poll() is None, "the node keeps running through the outage")

        time.sleep(2)
        proxy.start()
        came_back = time.time()
        status = None
        while time.time() - came_back < 30:
            status, r = call(port, "POST", "/api/v1/telemetry", dev["key"], batch(30, True))
            if status == 200:
                break
            time.sleep(0.5)
        took = time.time() - came_back
        check(status == 200 and r.get("accepted") == 30, f"once the database is back the retried upload is stored, {took:.1f} s later", r)
        s, r = call(port, "POST", "/api/v1/telemetry", dev["key"], batch(0, False))
        check(s == 200 and r.get("duplicates") == 30, "the upload acknowledged before the outage is still there (a resend is all duplicates)", r)
        count = int(sql(direct, "SELECT count(*) FROM telemetry"))
        check(count == 60, f"each message stored once ({count} of 60)")
        # Partition leases only: single-key session locks (objsubid 1). The node's presence lock (a two-key lock,
        # objsubid 2) is taken back on its own schedule and is not a lease.
        locks = (f"SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' "
                 f"AND l.objsubid = 1 AND d.datname = '{name}'")
        deadline = time.time() + 30
        while time.time() < deadline and int(sql(SERVER, locks)) < 5:
            time.sleep(0.5)
        held = int(sql(SERVER, locks))
        check(held == 5, f"the node saw its leases go with its connections and took all five back ({held} advisory locks held)")
        _, mt = call(port, "POST", "/api/v1/users", admin, {"username": "mc.one", "password": "monitor-password-1",
                                                             "roles": ["monitoring_officer"]})
        _, mt = call(port, "POST", "/api/v1/auth/token", body={"username": "mc.one", "password": "monitor-password-1"})
        alerts = []
        deadline = time.time() + 30
        while time.time() < deadline and not alerts:
            s, r = call(port, "GET", "/api/v1/alerts", mt["token"])
            alerts = (r or {}).get("items", []) if s == 200 else []
            time.sleep(0.5)
        check(len(alerts) == 1, f"the evaluator raised the zone-entry alert for data sent after the outage ({len(alerts)} alerts)", (s, r))
    finally:
        if node is not None and node.poll() is None:
            node.send_signal(signal.SIGKILL)
            node.wait()
        proxy.stop()
        if not os.environ.get("KEEP"):
            sql(SERVER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        else:
            print("kept", name)


def main():
    work = tempfile.mkdtemp(prefix="openem-faults-")
    without_postgis()
    database_goes_away(work)
    print(f"PostgreSQL fault tests: {check.passed} passed, {check.failed} failed")
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
