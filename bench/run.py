"""Latency and throughput of the main pages, served as in production, against two floors.

For each database (SQLite, PostgreSQL) and each population (the measured patients alone,
then with 1,000 other patients of 3 years each), the script fills a fresh database, serves
the app with gunicorn (2 workers, DEBUG off, WhiteNoise), and runs wrk against every page for
a patient with 30 days and one with 3 years of history. Every page is reported against the
bare /healthz/ view and against the smallest signed-in page (bench/urls.py), measured in the
same run. Then: the growth from 30 days to 3 years; requests per second at 16 connections
for the dashboard and the save (the scale test, on the last case); Lighthouse's mobile audit
of the dashboard and the check-in; where the pages' time goes (bench/time_shares.py); and
each target of the performance issue, met or missed.
Results: bench/RESULTS.md (or --output).

Usage: .venv/bin/python bench/run.py [--databases sqlite,postgres] [--patients 1000]
       [--seconds 8] [--connections 4] [--no-lighthouse] [--output bench/RESULTS.md]
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
from bench.pages import HEALTHZ, PAGES, SIGNED_IN, entry_form  # noqa: E402

SCALE_CONNECTIONS = 16
SCALED = ("dashboard, 30 days", "save the day's entry")


def production_env(database_url):
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback
        "EMAIL_HOST": "localhost",
        "DATABASE_URL": database_url,
        # As the README advises for PostgreSQL: a small pool per gunicorn worker.
        "DATABASE_POOL": "1:2" if database_url.startswith("postgres") else "",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
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


def load(method, path, cookie, csrf, body, seconds, connections, save_path=""):
    env = {
        **os.environ,
        "BENCH_METHOD": method,
        "BENCH_COOKIE": cookie,
        "BENCH_CSRF": csrf,
        "BENCH_BODY": body or "",
        "BENCH_SAVE_PATH": save_path,
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


def run_case(kind, others, args, workdir, scale=False, lighthouse=None):
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
    rows, extra = [], {}
    save_path = next(path for _, method, path in PAGES if method == "POST")
    save_path = save_path.format(today=info["today"])
    try:
        for history, patient in info["patients"].items():
            cookie = f"{info['session_cookie']}={patient['session']}; csrftoken={info['csrf']}"
            results = {}
            for name, method, path in PAGES:
                path = path.format(today=info["today"])
                body = urlencode(entry_form()) if method in ("POST", "MIX") else None
                results[name] = load(
                    method,
                    path,
                    cookie,
                    info["csrf"],
                    body,
                    args.seconds,
                    args.connections,
                    save_path,
                )
            healthz, signed_in = results[HEALTHZ]["p50_ms"], results[SIGNED_IN]["p50_ms"]
            for name, result in results.items():
                rows.append(
                    {
                        "database": kind,
                        "others": others,
                        "history": history,
                        "page": name,
                        **result,
                        "x_healthz": result["p50_ms"] / healthz,
                        "x_signed_in": result["p50_ms"] / signed_in,
                        "queries": patient["queries"][name],
                    }
                )
                print(
                    f"    {history:8} {name:28} p50 {result['p50_ms']:7.1f} ms  "
                    f"p95 {result['p95_ms']:7.1f} ms  {result['rps']:7.1f}/s  "
                    f"x{result['p50_ms'] / signed_in:5.1f} signed-in",
                    flush=True,
                )
        three_years = info["patients"]["3 years"]
        cookie = f"{info['session_cookie']}={three_years['session']}; csrftoken={info['csrf']}"
        if scale:
            extra["scale"] = []
            for name, method, path in PAGES:
                if name in SCALED:
                    body = urlencode(entry_form()) if method == "POST" else None
                    result = load(
                        method,
                        path.format(today=info["today"]),
                        cookie,
                        info["csrf"],
                        body,
                        args.seconds,
                        SCALE_CONNECTIONS,
                    )
                    extra["scale"].append({"database": kind, "page": name, **result})
                    print(f"    scale {name}: {result['rps']:.0f}/s, {result['bad']} bad")
        if lighthouse:
            from bench.lighthouse import audit

            extra["lighthouse"] = audit(f"http://127.0.0.1:{PORT}", cookie)
            print("    Lighthouse:", [(r["page"], r["score"]) for r in extra["lighthouse"]])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if scale:
        extra["time_shares"] = time_shares(env, info["today"])
    return rows, seeding, extra


PROFILED = {  # page name → what bench/time_shares.py requests
    SIGNED_IN: "/bench/floor/",
    "dashboard, 30 days": "/",
    "dashboard, all (chart data)": "/?range=all",
    "today page": "/today/",
    "save the day's entry": "POST:/day/{today}/",
}


def time_shares(env, today):
    """Where the 3-year patient's pages spend their time, in process, with the server gone."""
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "time_shares.py"), "demo"]
        + [target.format(today=today) for target in PROFILED.values()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    return [{**row, "page": name} for name, row in zip(PROFILED, found, strict=True)]


def growth(rows):
    """Each page's p50 at 3 years over its p50 at 30 days, per database and population."""
    found = {}
    for row in rows:
        found.setdefault((row["database"], row["others"], row["page"]), {})[row["history"]] = row
    return [
        (*key, by["3 years"]["p50_ms"] / by["30 days"]["p50_ms"])
        for key, by in found.items()
        if {"30 days", "3 years"} <= by.keys()
    ]


TARGETS = [  # page, most times the signed-in floor at 3 years (PostgreSQL, most others)
    ("dashboard, 30 days", 3),
    ("dashboard, all (chart data)", 3),
    ("today page", 3),
    ("save the day's entry", 2),
]


def explain(page, extra):
    """The page's time in process beside the signed-in floor's, and where it goes."""
    shares = {r["page"]: r for r in extra.get("time_shares", [])}
    if page not in shares or SIGNED_IN not in shares:
        return ""
    row, floor = shares[page], shares[SIGNED_IN]
    parts = ", ".join(f"{label} {share:.0%}" for label, share in row["shares"].items())
    return (
        f"in process {row['ms']:.1f} ms against the floor's {floor['ms']:.1f} ms: {parts} "
        f"({row['under crispy-forms']:.0%} under crispy-forms)"
    )


def targets(rows, grown, extra):
    """Each target of the issue at the case it names, as (target, measured, met, why)."""
    database = "postgres" if any(r["database"] == "postgres" for r in rows) else "sqlite"
    most = max(r["others"] for r in rows if r["database"] == database)
    found = []
    for page, limit in TARGETS:
        row = next(
            (
                r
                for r in rows
                if (r["database"], r["others"], r["history"], r["page"])
                == (database, most, "3 years", page)
            ),
            None,
        )
        if row:
            found.append(
                (
                    f"{page}: p50 at most {limit}x the signed-in floor",
                    f"{row['x_signed_in']:.1f}x",
                    row["x_signed_in"] <= limit,
                    explain(page, extra),
                )
            )
    for db, others, page, ratio in grown:
        if (db, others) == (database, most) and page not in (HEALTHZ, SIGNED_IN):
            found.append(
                (f"{page}: 3 years at most 1.3x 30 days", f"{ratio:.2f}x", ratio <= 1.3, "")
            )
    for row in extra.get("lighthouse", []):
        found.append(
            (
                f"Lighthouse {row['page']}: performance at least 98",
                str(row["score"]),
                row["score"] >= 98,
                "",
            )
        )
        found.append(
            (
                f"Lighthouse {row['page']}: FCP at most 1.2 s",
                f"{row['FCP'] / 1000:.2f} s",
                row["FCP"] <= 1200,
                "",
            )
        )
        found.append(
            (
                f"Lighthouse {row['page']}: TBT at most 150 ms",
                f"{row['TBT']:.0f} ms",
                row["TBT"] <= 150,
                "",
            )
        )
    for row in extra.get("scale", []):
        found.append(
            (
                f"{row['page']} at {SCALE_CONNECTIONS} connections: no errors",
                f"{row['rps']:.0f}/s, {row['bad']} bad",
                row["bad"] == 0,
                "",
            )
        )
    return found


def write_results(rows, seedings, extra, args):
    from bench.lighthouse import table as lighthouse_table

    lines = [
        "# Benchmark results",
        "",
        f"`bench/run.py --patients {args.patients} --seconds {args.seconds} --connections "
        f"{args.connections}`: gunicorn (2 workers, DEBUG off, WhiteNoise) on 127.0.0.1, wrk "
        f"with {args.connections} connections for {args.seconds} s per page (asking for gzip, "
        f"as browsers do), on a machine with {os.cpu_count()} cores shared by server, database "
        "and load tool. Each page's median latency is given over two floors measured in the "
        "same run: the bare /healthz/ view (x healthz) and the smallest signed-in page, with "
        'its session, user and base template (x signed-in). "save, then the dashboard" '
        "alternates the two requests: its median is over both.",
        "",
        "| database | other patients | history | page | p50 ms | p95 ms | req/s | x healthz "
        "| x signed-in | queries | bad |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        queries = "" if row["queries"] is None else row["queries"]
        lines.append(
            f"| {row['database']} | {row['others']:,} | {row['history']} | {row['page']} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['rps']:.0f} | "
            f"{row['x_healthz']:.1f} | {row['x_signed_in']:.1f} | {queries} | {row['bad']} |"
        )
    grown = growth(rows)
    lines += [
        "",
        "Growth: each page's median at 3 years of history over its median at 30 days.",
        "",
        "| database | other patients | page | 3 years / 30 days |",
        "|---|---:|---|---:|",
        *(f"| {db} | {others:,} | {page} | {ratio:.2f} |" for db, others, page, ratio in grown),
    ]
    if extra.get("scale"):
        lines += [
            "",
            f"Scale: wrk with {SCALE_CONNECTIONS} connections against the 2 gunicorn workers, "
            "for the patient of 3 years, in the last case.",
            "",
            "| database | page | req/s | p50 ms | p95 ms | bad |",
            "|---|---|---:|---:|---:|---:|",
            *(
                f"| {r['database']} | {r['page']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
                f"{r['p95_ms']:.1f} | {r['bad']} |"
                for r in extra["scale"]
            ),
        ]
    if extra.get("lighthouse"):
        lines += [
            "",
            "Lighthouse (npm lighthouse, mobile emulation and throttling, Debian's Chromium "
            "headless), signed in as the patient of 3 years, production settings:",
            "",
            *lighthouse_table(extra["lighthouse"]),
        ]
    if extra.get("time_shares"):
        labels = list(extra["time_shares"][0]["shares"])
        lines += [
            "",
            "Where the time goes: each page in process (Django's test client, cProfile, "
            "DEBUG off) for the patient of 3 years, in the last case; each function's own time "
            "counted once, built-ins with their caller. The last column overlaps the others: "
            "the share spent under crispy-forms' filters (its templates and widgets).",
            "",
            "| page | ms in process | " + " | ".join(labels) + " | under crispy-forms |",
            "|---|---:|" + "---:|" * (len(labels) + 1),
            *(
                f"| {r['page']} | {r['ms']:.1f} | "
                + " | ".join(f"{r['shares'][label]:.0%}" for label in labels)
                + f" | {r['under crispy-forms']:.0%} |"
                for r in extra["time_shares"]
            ),
        ]
    lines += [
        "",
        "Targets (PostgreSQL with the most other patients where measured):",
        "",
        "| target | measured | | why, where missed |",
        "|---|---:|---|---|",
        *(
            f"| {target} | {measured} | {'met' if met else '**missed**'} | {'' if met else why} |"
            for target, measured, met, why in targets(rows, grown, extra)
        ),
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
    Path(args.output).write_text("\n".join(lines) + "\n")


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
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
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
        rows, seedings, extra = [], [], {}
        cases = [
            (kind, others) for kind in args.databases.split(",") for others in (0, args.patients)
        ]
        for number, (kind, others) in enumerate(cases):
            case_rows, seeding, case_extra = run_case(
                kind,
                others,
                args,
                Path(workdir),
                scale=number == len(cases) - 1,
                lighthouse=args.lighthouse and number == 0,
            )
            rows += case_rows
            seedings.append(seeding)
            extra |= case_extra
    write_results(rows, seedings, extra, args)
    print(f"Written to {args.output}")


if __name__ == "__main__":
    main()
