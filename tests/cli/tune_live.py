#!/usr/bin/env python3
"""tune's live path against a test REST server on 127.0.0.1 serving tests/data/tune/.

Checks that `tune --rest URL` gives the same proposal as `tune --metrics FILE...` on the same
responses, that a bearer token is sent, that an endpoint which is not Flink's is said to be so
(exit 2), and that a refused connection is an error (exit 2). Exits 1 on any failure.
"""
import argparse, json, os, subprocess, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "tests", "data", "tune")
TM = "172.18.0.3:42187-5e1f0c"
JOB = "8a1c2b0e5f1d4e7a9b3c6d2e1f0a9b8c"
ROUTES = {
    "/config": "config.json",
    "/jobmanager/config": "jobmanager-config.json",
    "/taskmanagers": "taskmanagers.json",
    f"/taskmanagers/{TM}": "taskmanager.json",
    f"/taskmanagers/{TM}/metrics": "taskmanager-metrics.json",
    "/jobs/overview": "jobs-overview.json",
    f"/jobs/{JOB}/plan": "job-plan.json",
}
SAVED = ["config.json", "jobmanager-config.json", "taskmanagers.json", "taskmanager.json",
         "taskmanager-metrics.json", "jobs-overview.json", "job-plan.json"]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body, content_type="application/json; charset=UTF-8"):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/notflink/"):
            return self.send(200, "<html><body>It works!</body></html>", "text/html")
        if path.startswith("/secure/"):
            if self.headers.get("Authorization") != "Bearer s3cret":
                return self.send(401, json.dumps({"errors": ["Unauthorized"]}))
            path = path[len("/secure"):]
        if path in ROUTES:
            with open(os.path.join(DATA, ROUTES[path]), encoding="utf-8") as f:
                return self.send(200, f.read())
        self.send(404, json.dumps({"errors": ["Not found: " + path]}))


def run(binary, args):
    done = subprocess.run([binary] + args, cwd=ROOT, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    binary = os.path.abspath(parser.parse_args().bin)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failures = []

    def expect(name, condition, detail=""):
        if not condition:
            failures.append(f"{name}: {detail}")

    try:
        code, saved, err = run(binary, ["tune", "-o", "json", "--metrics"] + [os.path.join(DATA, f) for f in SAVED])
        expect("saved exit", code == 0, f"{code} {err}")
        code, live, err = run(binary, ["tune", "-o", "json", "--rest", base])
        expect("live exit", code == 0, f"{code} {err}")
        if not failures:
            saved_doc, live_doc = json.loads(saved), json.loads(live)
            expect("same proposal", saved_doc["proposal"] == live_doc["proposal"],
                   f"{json.dumps(saved_doc['proposal']['changes'])} vs {json.dumps(live_doc['proposal']['changes'])}")
            expect("same diagnoses", saved_doc["diagnoses"] == live_doc["diagnoses"])
            expect("verified", live_doc["proposal"]["verified"] is True)
        code, out, err = run(binary, ["tune", "-o", "json", "--samples", "2", "--interval", "0", "--rest", base])
        expect("two samples", code == 0 and json.loads(out)["readings"] == 2, f"{code} {err}")
        code, out, err = run(binary, ["tune", "--rest", base + "/secure"])
        expect("no token: exit 2", code == 2 and "credentials" in err, f"{code} {err}")
        code, out, err = run(binary, ["tune", "-o", "json", "--token", "s3cret", "--rest", base + "/secure"])
        expect("token", code == 0 and json.loads(out)["proposal"] == json.loads(live)["proposal"], f"{code} {err}")
        code, out, err = run(binary, ["tune", "--rest", base + "/notflink"])
        expect("not Flink: exit 2", code == 2 and "not Flink's REST API" in err, f"{code} {err}")
    finally:
        server.shutdown()
    code, out, err = run(binary, ["tune", "--timeout", "2", "--rest", base])
    expect("refused connection: exit 2", code == 2 and "GET " in err, f"{code} {err}")
    for failure in failures:
        print("FAIL", failure)
    print(f"{7 - len(failures)} checks passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
