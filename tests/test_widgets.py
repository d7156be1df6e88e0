"""The select box written in Python gives Django's own markup, every value escaped."""

from django import forms

from recovery.forms.widgets import PythonSelect


def normalised(html):
    return [line.strip() for line in html.splitlines() if line.strip()]


def test_the_same_markup_as_djangos_template():
    choices = [("", "Choose & <pick>"), ('Group "A"', [("1", "one"), ("2", "two")]), ("3", "x")]
    attrs = {"id": "id_x", "required": True, "aria-invalid": "true", "data-off": False}
    theirs = forms.Select(choices=choices).render("x", "2", attrs)
    ours = PythonSelect(choices=choices).render("x", "2", attrs)
    assert normalised(ours) == normalised(theirs)
    assert "&lt;pick&gt;" in ours and 'label="Group &quot;A&quot;"' in ours
