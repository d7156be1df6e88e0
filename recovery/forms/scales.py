"""The check-in's rows of answer buttons: a radio field's choices drawn as buttons to tap
(Bootstrap's btn-check), each an input and its label, the current answer checked."""

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def scale_options(field, option_class):
    """Written in one call: the check-in has a dozen such rows, most of eleven buttons, and a
    template loop per button was a tenth of the page's time."""
    chosen = str(field.value())
    name, ident = conditional_escape(field.html_name), conditional_escape(field.auto_id)
    buttons = []
    for value, label in field.field.choices:
        value = conditional_escape(str(value))
        checked = " checked" if chosen == value else ""
        buttons.append(
            f'<input type="radio" class="btn-check" name="{name}" id="{ident}_{value}" '
            f'value="{value}"{checked}><label class="btn btn-outline-primary {option_class}" '
            f'for="{ident}_{value}">{conditional_escape(label)}</label>'
        )
    return mark_safe("".join(buttons))
