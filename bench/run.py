"""Latency and throughput of the main pages, served as in production, against a bare view.

For each database (SQLite, PostgreSQL) and each population (the measured patients alone,
then with 1,000 other patients of 3 years each), the script fills a fresh database, serves
the app with gunicorn (DEBUG off, WhiteNoise), and runs wrk against every page for a
patient with 30 days and one with 3 years of history. Results: bench/RESULTS.md.

Usage: .venv/bin/python bench/run.py [--databases sqlite,postgres] [--patients 1000]
       [--seconds 8] [--connections 4]
Needs wrk (apt-get install wrk) and, for PostgreSQL, a server at BENCH_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/recovery_bench; the database is recreated).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
sys.path.insert(0, str(ROOT))
from bench.pages import PAGES, entry_form  # noqa: E402


def production_env(database_url):
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback
        "EMAIL_HOST": "localhost",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }


def fresh_database(kind, workdir):
    if kind == "sqlite":
        path = workdir / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/recovery_bench")
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def serve(env):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def load(method, path, cookie, csrf, body, seconds, connections):
    env = {
        **os.environ,
        "BENCH_METHOD": method,
        "BENCH_COOKIE": cookie,
        "BENCH_CSRF": csrf,
        "BENCH_BODY": body or "",
    }
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(ROOT / "bench" / "wrk.lua"),
            f"http://127.0.0.1:{PORT}{path}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1]))
    return {
        "p50_ms": int(values["p50_us"]) / 1000,
        "p95_ms": int(values["p95_us"]) / 1000,
        "rps": float(values["rps"]),
        "bad": int(values["bad"]),
    }


def run_case(kind, others, args, workdir):
    url = fresh_database(kind, workdir)
    env = production_env(url)
    prepared = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "prepare.py"), str(others)],
        cwd=ROOT,
        env={**env, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(prepared.stdout.strip().splitlines()[-1])
    seeding = {
        "database": kind,
        "others": others,
        "rows": info["rows_seeded"],
        "seconds": info["seconds_to_seed"],
    }
    print(
        f"  {kind}, {others} other patients: {seeding['rows']:,} rows seeded in "
        f"{seeding['seconds']} s",
        flush=True,
    )
    server = serve(env)
    rows = []
    try:
        for history, patient in info["patients"].items():
            cookie = f"{info['session_cookie']}={patient['session']}; csrftoken={info['csrf']}"
            results = {}
            for name, method, path in PAGES:
                path = path.format(today=info["today"])
                body = urlencode(entry_form()) if method == "POST" else None
                results[name] = load(
                    method, path, cookie, info["csrf"], body, args.seconds, args.connections
                )
            floor = results[PAGES[0][0]]["p50_ms"]
            for name, result in results.items():
                rows.append(
                    {
                        "database": kind,
                        "others": others,
                        "history": history,
                        "page": name,
                        **result,
                        "ratio": result["p50_ms"] / floor,
                        "queries": patient["queries"][name],
                    }
                )
                print(
                    f"    {history:8} {name:28} p50 {result['p50_ms']:7.1f} ms  "
                    f"p95 {result['p95_ms']:7.1f} ms  {result['rps']:7.1f}/s  "
                    f"x{result['p50_ms'] / floor:5.1f}  {patient['queries'][name]} queries",
                    flush=True,
                )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return rows, seeding


def write_results(rows, seedings, args):
    lines = [
        "# Benchmark results",
        "",
        f"`bench/run.py --patients {args.patients} --seconds {args.seconds} --connections "
        f"{args.connections}`: gunicorn (2 workers, DEBUG off, WhiteNoise) on 127.0.0.1, wrk "
        f"with {args.connections} connections for {args.seconds} s per page, on a machine with "
        f'{os.cpu_count()} cores shared by server, database and load tool. "x floor" is a page\'s '
        "median latency over the bare /healthz/ view's, measured in the same run.",
        "",
        "| database | other patients | history | page | p50 ms | p95 ms | req/s | x floor "
        "| queries | bad |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['database']} | {row['others']:,} | {row['history']} | {row['page']} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['rps']:.0f} | {row['ratio']:.1f} | "
            f"{row['queries']} | {row['bad']} |"
        )
    lines += [
        "",
        "Seeding each database (`recovery.demo.seed`: three years for every patient, bulk "
        "inserts; the time includes migrating and ANALYZE):",
        "",
        "| database | other patients | log rows | seconds |",
        "|---|---:|---:|---:|",
    ]
    for seeding in seedings:
        lines.append(
            f"| {seeding['database']} | {seeding['others']:,} | {seeding['rows']:,} | "
            f"{seeding['seconds']:.0f} |"
        )
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--patients", type=int, default=1000, help="other patients in the large case"
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as workdir:
        env = production_env(f"sqlite:///{Path(workdir) / 'static.sqlite3'}")
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        rows, seedings = [], []
        for kind in args.databases.split(","):
            for others in (0, args.patients):
                case_rows, seeding = run_case(kind, others, args, Path(workdir))
                rows += case_rows
                seedings.append(seeding)
    write_results(rows, seedings, args)
    print("Written to bench/RESULTS.md")


if __name__ == "__main__":
    main()
