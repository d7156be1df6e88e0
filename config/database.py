"""The database connection, read from DATABASE_URL, DATABASE_POOL and CONN_MAX_AGE.

SQLite is the default so the app runs with nothing installed. On PostgreSQL,
DATABASE_POOL turns on Django's built-in psycopg pool: each app process keeps a few
connections open and lends one to each request, instead of opening one per request or
holding one per thread for CONN_MAX_AGE seconds.
"""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

OFF = {"", "0", "false", "no", "off"}
ON = {"1", "true", "yes", "on"}


def pool_options(value):
    """None for no pool; True for psycopg's defaults; "MIN:MAX" for the pool's sizes."""
    value = (value or "").strip().lower()
    if value in OFF:
        return None
    if value in ON:
        return True
    low, colon, high = value.partition(":")
    try:
        min_size, max_size = int(low), int(high if colon else low)
    except ValueError:
        raise ImproperlyConfigured(
            f"DATABASE_POOL must be on, off or MIN:MAX (e.g. 2:8), not {value!r}."
        ) from None
    if not 0 <= min_size <= max_size or max_size < 1:
        raise ImproperlyConfigured(
            f"DATABASE_POOL's sizes must be 0 ≤ MIN ≤ MAX and MAX ≥ 1, not {value!r}."
        )
    return {"min_size": min_size, "max_size": max_size}


def database_settings(environ, default_url):
    pool = pool_options(environ.get("DATABASE_POOL"))
    config = dj_database_url.parse(
        environ.get("DATABASE_URL") or default_url,
        # A pooled connection goes back to the pool after each request; Django refuses
        # persistent connections beside a pool.
        conn_max_age=0 if pool else int(environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=not pool,
    )
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if pool:
            raise ImproperlyConfigured("DATABASE_POOL needs PostgreSQL in DATABASE_URL.")
        # Two workers saving at once must queue, not fail with "database is locked": take
        # the write lock when a transaction starts, and let readers go on meanwhile (WAL).
        options.update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    else:
        # Django reads a choice field's options through a server-side cursor: DECLARE,
        # FETCH and CLOSE, three round trips for a list of twenty. The app reads nothing so
        # large that it must come in pieces, so every query takes one.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
        if pool:
            options["pool"] = pool
    return config
