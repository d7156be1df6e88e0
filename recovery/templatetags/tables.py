from django import template
from django.template.defaultfilters import floatformat
from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


NUMBERS = (int, float)


def cell_text(value):
    if value is None:
        return "–"
    return str(value) if type(value) in NUMBERS else escape(value)


@register.filter
def table_body(rows):
    """Table rows of (label, values…) as <tr>s, built in one call: a three-year chart's tables
    hold thousands of cells, too many to render one template node (or one format_html call)
    at a time. Every value but a number (which has nothing to escape) is escaped before it
    is joined; escaping each of a three-year table's numbers was most of its time."""
    lines = []
    for label, *values in rows:
        cells = "".join(f"<td>{cell_text(v)}</td>" for v in values)
        lines.append(
            f'<tr><th scope="row" class="fw-normal text-nowrap">{escape(label)}</th>{cells}</tr>'
        )
    return mark_safe("\n".join(lines))


NOTHING_YET = '<td><span class="text-body-secondary">–</span></td>'


@register.filter
def week_headings(strip):
    """A weekly strip's column headings, the latest week first; an unfinished week says so.
    Built in one call for the same reason as table_body: three years are 157 columns."""
    cells = []
    for week in reversed(strip["weeks"]):
        so_far = " (so far)" if week == strip["partial"] else ""
        label = dateformat.format(week, "j M")
        cells.append(f'<th scope="col" class="fw-normal text-nowrap">{label}{so_far}</th>')
    return mark_safe("".join(cells))


def latest_first(values, cell):
    """One <td> per week, the latest first; None (nothing to show) is a dash."""
    return mark_safe("".join(NOTHING_YET if v is None else cell(v) for v in reversed(values)))


@register.filter
def day_count_cells(counts):
    """Days per week, shaded by count; a dash before the first use."""
    return latest_first(
        counts, lambda n: f'<td class="habit-days habit-days-{int(n)}">{int(n)}</td>'
    )


@register.filter
def average_cells(values):
    """Weekly averages to one decimal; a dash for a week with nothing logged."""
    return latest_first(values, lambda value: f"<td>{floatformat(value, 1)}</td>")
