#!/usr/bin/env python3
"""Fuzzing the HTTP API against its own OpenAPI document with schemathesis, once per role.

    python3 scripts/test-fuzz.py .build/debug/openem [SECONDS-PER-ROLE]

Starts `openem demo` on a fresh embedded (SQLite) database with a small simulated caseload (wearers, orders,
devices, telemetry and alerts, so lists and searches have real rows) and one user per role, signs in as each role
and runs `st run` against the server's /openapi.json with that role's token, for a bounded time (30 s of fuzzing per
role by default; seven roles, about four minutes in all). Fails on any 5xx and on any response the
document does not describe.

Ids in paths: schemathesis generates them and cannot know the caseload's; those requests are answered 404, which the
document allows for every operation (its `4XX` response, with the error body's schema), so the checks still hold
them to the document. The list and search operations are the ones that reach the caseload's data.
"""
import os
import subprocess
import sys
import tempfile
import time
from openem_testlib import call, free_port

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/openem")
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 30

# One user per role, as `openem demo` makes them (Sources/openem/Demo.swift): user name -> password.
ROLES = {"admin": "demo-admin", "order.manager": "demo-order-manager", "monitoring": "demo-monitoring",
         "probation.london": "demo-probation-london", "police.met": "demo-police-met",
         "analyst.met": "demo-analyst-met", "mi.analyst": "demo-mi-analyst"}

# The checks, and why these:
# - not_a_server_error: a 5xx is a bug, whatever the input.
# - status_code_conformance: every status the server answers must be one the document lists for the operation.
# - content_type_conformance: the body's media type must be the one the document gives for that status.
# - response_schema_conformance: the body must match the schema given for that status (errors included).
# - response_headers_conformance: headers the document marks required (e.g. Location on a 303) must be there.
# Left out: negative_data_rejection and positive_data_acceptance judge the server's validation by the schema
# generator's idea of valid input (e.g. it calls a 404 for an unknown random id a wrong rejection of "valid" data,
# and a string the schema allows but a rule refuses, such as an end date before a start date, a wrong
# rejection); ignored_auth, use_after_free and the other stateful checks need links the document does not have.
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"

# Not fuzzed: revoking a token and signing out would end the run's own session (schemathesis sends the role's
# token with every request), and the alert stream is a server-sent-events response that never ends.
EXCLUDED = ["/api/v1/auth/revoke", "/logout", "/api/v1/alerts/stream"]


def main():
    work = tempfile.mkdtemp(prefix="openem-fuzz-")
    port = free_port()
    log = open(os.path.join(work, "demo.log"), "w")
    server = subprocess.Popen([BIN, "demo", "--port", str(port), "--database", os.path.join(work, "demo.sqlite"),
                               "--wearers", "8", "--history-hours", "2"], stdout=log, stderr=subprocess.STDOUT)
    failed = []
    started = time.monotonic()
    try:
        for _ in range(300):
            try:
                if call(port, "GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        _, tok = call(port, "POST", "/api/v1/auth/token", body={"username": "admin", "password": "demo-admin"})
        for _ in range(300):
            if len(call(port, "GET", "/api/v1/subjects?limit=100", tok["token"])[1].get("items", [])) >= 8:
                break
            time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        for user, password in ROLES.items():
            status, tok = call(port, "POST", "/api/v1/auth/token", body={"username": user, "password": password})
            if status != 200:
                print(f"  FAIL: {user} cannot sign in ({status})")
                failed.append(user)
                continue
            print(f"== schemathesis as {user} ({SECONDS} s)", flush=True)
            # One worker: with two, Hypothesis describing its strategies in two threads at once sometimes trips
            # CPython 3.11's ast module ("AST constructor recursion depth mismatch"), a schemathesis error that
            # fails the run without any server fault.
            args = ["st", "run", base + "/openapi.json", "--checks", CHECKS, "--max-time", str(SECONDS),
                    "--workers", "1", "--seed", "2026", "--request-timeout", "10", "--no-color",
                    "--header", f"Authorization: Bearer {tok['token']}", "--output-truncate", "true"]
            for path in EXCLUDED:
                args += ["--exclude-path", path]
            if subprocess.run(args, cwd=work).returncode != 0:  # its cache (.schemathesis/) in the run's directory
                failed.append(user)
        if server.poll() is not None:
            print("  FAIL: the server exited during the run")
            failed.append("server")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"fuzzing took {time.monotonic() - started:.0f} s")
    if failed:
        print(f"FAIL: schemathesis found problems as {', '.join(failed)} (the demo's log: {log.name})")
        sys.exit(1)
    print("ok: no 5xx, and every response as the document describes, for every role")


if __name__ == "__main__":
    main()
