"""Lighthouse's mobile performance audit of pages served as in production, signed in.

Used by bench/run.py (which writes the scores to bench/RESULTS.md); run alone, it fills a
fresh SQLite database with a patient of three years, serves the app with gunicorn (DEBUG
off, WhiteNoise, collected static files) and prints the scores.

Usage: .venv/bin/python bench/lighthouse.py
Needs Debian's Chromium (/usr/bin/chromium) and the npm packages (bin/setup --dev).
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import PYTHON, fresh_database, production_env, serve  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
PAGES = [("dashboard", "/"), ("check-in (Today)", "/today/")]
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "speed-index": "Speed index",
}


def audit(base, cookie, pages=PAGES):
    """One mobile Lighthouse run per page: its performance score and main timings (ms)."""
    rows = []
    for name, path in pages:
        result = run_lighthouse(base + path, cookie)
        audits = result["audits"]
        row = {
            "page": name,
            "score": round(result["categories"]["performance"]["score"] * 100),
            "final_url": result.get("finalDisplayedUrl") or result.get("finalUrl"),
        }
        row |= {label: audits[key]["numericValue"] for key, label in METRICS.items()}
        row["main-thread work"] = audits["mainthread-work-breakdown"]["numericValue"]
        rows.append(row)
    return rows


def run_lighthouse(url, cookie, attempts=3):
    """Lighthouse's report as JSON. It now and then fails to record a trace (NO_NAVSTART),
    so a failed run is tried again."""
    for attempt in range(1, attempts + 1):
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            done = subprocess.run(
                [
                    str(LIGHTHOUSE),
                    url,
                    "--only-categories=performance",
                    "--output=json",
                    f"--output-path={report.name}",
                    f"--chrome-flags={FLAGS}",
                    f"--extra-headers={json.dumps({'Cookie': cookie})}",
                    "--quiet",
                ],
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode == 0:
                return json.loads(Path(report.name).read_text())
        print(f"  Lighthouse failed on {url} (attempt {attempt}): {done.stderr[-300:]}")
    raise RuntimeError(f"Lighthouse could not audit {url}")


def table(rows):
    lines = [
        "| page | performance | FCP ms | LCP ms | TBT ms | speed index ms | main-thread ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['score']} | {row['FCP']:.0f} | {row['LCP']:.0f} | "
            f"{row['TBT']:.0f} | {row['Speed index']:.0f} | {row['main-thread work']:.0f} |"
        )
    return lines


def main():
    with tempfile.TemporaryDirectory() as workdir:
        env = production_env(fresh_database("sqlite", Path(workdir)))
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        prepared = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "prepare.py"), "0"],
            cwd=ROOT,
            env={**env, "DEBUG": "true"},
            capture_output=True,
            text=True,
            check=True,
        )
        info = json.loads(prepared.stdout.strip().splitlines()[-1])
        session = info["patients"]["3 years"]["session"]
        cookie = f"{info['session_cookie']}={session}; csrftoken={info['csrf']}"
        server = serve(env)
        try:
            rows = audit("http://127.0.0.1:8765", cookie)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    for row in rows:
        if row["final_url"] and "/accounts/login/" in row["final_url"]:
            sys.exit(f"{row['page']}: not signed in ({row['final_url']})")
    print("\n".join(table(rows)))


if __name__ == "__main__":
    main()
