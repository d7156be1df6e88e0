"""Widgets that write their HTML in Python.

Django renders a select box through a template per option; the check-in's lists (foods,
exercises, medicines, magnesium forms) made that most of the page's cost. These write the
same markup as Django's templates, every value escaped."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


def attributes(attrs):
    """As django/forms/widgets/attrs.html writes them: False left out, True bare."""
    parts = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        parts.append(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"')
    return "".join(parts)


class PythonSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        lines = [f'<select name="{escape(widget["name"])}"{attributes(widget["attrs"])}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                lines.append(f'<optgroup label="{escape(group_name)}">')
            for option in options:
                lines.append(
                    f'<option value="{escape(option["value"])}"{attributes(option["attrs"])}>'
                    f"{escape(option['label'])}</option>"
                )
            if group_name:
                lines.append("</optgroup>")
        lines.append("</select>")
        return mark_safe("\n".join(lines))
