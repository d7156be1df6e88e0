"""The pages the benchmark measures: (name, method, path)."""

PAGES = [
    ("baseline (/healthz/)", "GET", "/healthz/"),
    ("dashboard, 30 days", "GET", "/"),
    ("dashboard, all (chart data)", "GET", "/?range=all"),
    ("today page", "GET", "/today/"),
    ("save the day's entry", "POST", "/day/{today}/"),
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
