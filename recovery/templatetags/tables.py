from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def table_body(rows):
    """Table rows of (label, values…) as <tr>s, built in one call: a three-year chart's tables
    hold thousands of cells, too many to render one template node at a time."""

    def cells(values):
        return format_html_join("", "<td>{}</td>", (("–" if v is None else v,) for v in values))

    return format_html_join(
        "\n",
        '<tr><th scope="row" class="fw-normal text-nowrap">{}</th>{}</tr>',
        ((label, cells(values)) for label, *values in rows),
    )
