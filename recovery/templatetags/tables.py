from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def table_body(rows):
    """Table rows of (label, values…) as <tr>s, built in one call: a three-year chart's tables
    hold thousands of cells, too many to render one template node (or one format_html call)
    at a time. Every value is escaped before it is joined."""
    lines = []
    for label, *values in rows:
        cells = "".join(f"<td>{'–' if v is None else escape(v)}</td>" for v in values)
        lines.append(
            f'<tr><th scope="row" class="fw-normal text-nowrap">{escape(label)}</th>{cells}</tr>'
        )
    return mark_safe("\n".join(lines))
