"""Logging in to a Klarsyn server from the benchmark scripts, as a script would (docs/security.md):
the first admin password from DIR/secrets/initial-admin-password is replaced through POST /api/password,
then POST /api/tokens with HTTP Basic gives a bearer token."""
import base64
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

ADMIN_PASSWORD = "admin-password-of-the-benchmarks"


def basic(url, user, password, body):
    credentials = base64.b64encode(f"{user}:{password}".encode()).decode()
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Basic " + credentials, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def admin_token(home, url, password=ADMIN_PASSWORD):
    initial = Path(home) / "secrets" / "initial-admin-password"
    for _ in range(100):
        if initial.exists():
            break
        status, body = basic(url + "api/tokens", "admin", password, {"name": "benchmark"})
        if status == 201:
            return json.loads(body)["token"]
        time.sleep(0.1)
    status, body = basic(url + "api/password", "admin", initial.read_text().strip(), {"newPassword": password})
    if status != 204:
        raise SystemExit(f"POST /api/password: {status} {body!r}")
    status, body = basic(url + "api/tokens", "admin", password, {"name": "benchmark"})
    if status != 201:
        raise SystemExit(f"POST /api/tokens: {status} {body!r}")
    return json.loads(body)["token"]
