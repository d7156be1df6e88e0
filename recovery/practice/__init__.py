"""Guided practice: the breathing pacer and the stretch player. `plans` works out what they
walk through from the catalog; the pages' script (static/js/practice.js) plays it by the
clock and logs the session through the check-in's own queue (recovery/sync.py)."""
