"""The pages the benchmark measures: (name, method, path). The first two are the floors
every other page is compared with: the bare /healthz/ view, and the smallest signed-in page
(bench/urls.py), which pays the session, the user and the base template as patient pages do.
"MIX" alternates saving the day's entry with opening the dashboard: a patient saves, then
looks."""

HEALTHZ = "baseline (/healthz/)"
SIGNED_IN = "signed-in floor"
PAGES = [
    (HEALTHZ, "GET", "/healthz/"),
    (SIGNED_IN, "GET", "/bench/floor/"),
    ("dashboard, 30 days", "GET", "/"),
    ("dashboard, all (chart data)", "GET", "/?range=all"),
    ("today page", "GET", "/today/"),
    ("save the day's entry", "POST", "/day/{today}/"),
    ("save, then the dashboard", "MIX", "/"),
    ("insights (whole log)", "GET", "/insights/"),
]


def entry_form():
    return {
        "leg_pain": "4",
        "back_pain": "3",
        "muscle_tightness": "5",
        "nerve_symptoms": "3",
        "mobility": "6",
        "sleep_quality": "6",
        "note": "benchmark",
    }
