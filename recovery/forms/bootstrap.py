"""Form fields in crispy-forms' Bootstrap 5 markup, written in Python.

The check-in renders six forms and a dozen single fields on every visit; through
crispy-forms' field template (a few hundred template nodes per field) that was about two
fifths of the page's time. These functions write the same elements, classes, ids and
attributes for the kinds of field the check-in uses, so the page's scripts, styles and
tests see no difference (tests/test_bootstrap_fields.py compares the two). Whatever else a
form holds, crispy-forms still renders (`render_form` hands it over).
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.widgets import Input
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from .widgets import attributes

HANDLED = (
    forms.HiddenInput,
    forms.CheckboxInput,
    forms.Select,
    forms.RadioSelect,
    forms.TextInput,
    forms.NumberInput,
    forms.TimeInput,
    forms.DateInput,
    forms.Textarea,
    forms.EmailInput,
)


def handled(field):
    widget = field.field.widget
    return isinstance(widget, HANDLED) and not isinstance(widget, forms.FileInput)


def add_classes(widget, *classes):
    """As crispy's field tag: the widget's class name first, then Bootstrap's classes."""
    class_name = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    if not css:
        css = class_name
    elif class_name not in css:
        css += f" {class_name}"
    present = css.split()
    css += "".join(f" {name}" for name in classes if name not in present)
    widget.attrs["class"] = css


def required_mark(field):
    return mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""


def errors_block(field):
    if not field.errors:
        return ""
    items = mark_safe(
        "".join(
            format_html('<p id="error_{}_{}"><strong>{}</strong></p>', number, field.auto_id, error)
            for number, error in enumerate(field.errors, start=1)
        )
    )
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>', field.errors.field_id, items
    )


def help_text(field):
    if not field.help_text:
        return ""
    ident = f'id="{escape(field.auto_id)}_helptext" ' if field.auto_id else ""
    # Help texts are the app's own words and may hold markup, as crispy-forms allows.
    return mark_safe(f'<div {ident}class="form-text">{field.help_text}</div>')


def widget_html(field):
    """`field.as_widget()`, for the plain inputs and text areas the check-in is full of,
    written here instead of through a template (and its attributes' template) per field."""
    widget = field.field.widget
    if (
        not isinstance(widget, (Input, forms.Textarea))
        or isinstance(widget, forms.FileInput)
        or field.field.localize
    ):
        return field.as_widget()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name, value = escape(context["name"]), context["value"]
    written = attributes(context["attrs"])
    if isinstance(widget, forms.Textarea):
        text = conditional_escape(value) if value else ""
        return mark_safe(f'<textarea name="{name}"{written}>\n{text}</textarea>')
    shown = "" if value is None else f' value="{escape(value)}"'
    return mark_safe(f'<input type="{escape(context["type"])}" name="{name}"{shown}{written}>')


def choices_html(field):
    """Radio buttons or checkboxes, one Bootstrap form-check each, errors after the last."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    invalid = " is-invalid" if field.errors else ""
    parts = ["<div>"]
    for group_number, (group, options, _) in enumerate(groups):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        for number, option in enumerate(options):
            last = group_number == len(groups) - 1 and number == len(options) - 1
            parts.append(
                f'<div class="form-check"><input type="{option["type"]}" '
                f'class="form-check-input{invalid}" name="{escape(field.html_name)}" '
                f'value="{conditional_escape(option["value"])}"{attributes(option["attrs"])}> '
                f'<label for="{escape(option["attrs"]["id"])}" class="form-check-label">'
                f"{conditional_escape(option['label'])}</label>"
                f"{errors_block(field) if last else ''}</div>"
            )
    parts.append("</div>")
    return format_html("{}{}", mark_safe("".join(parts)), help_text(field))


def checkbox_html(field):
    add_classes(field.field.widget, "form-check-input", *(["is-invalid"] if field.errors else []))
    required = " requiredField" if field.field.required else ""
    wrapper = " ".join(filter(None, ["form-check", field.css_classes()]))
    return format_html(
        '<div class="mb-3"><div id="div_{}" class="{}">{} '
        '<label for="{}" class="form-check-label{}">{}{}</label>{}{}</div></div>',
        field.auto_id,
        wrapper,
        widget_html(field),
        field.id_for_label,
        required,
        field.label,
        required_mark(field),
        errors_block(field),
        help_text(field),
    )


def label_html(field):
    tag = "legend" if field.use_fieldset else "label"
    target = format_html(' for="{}"', field.id_for_label) if field.id_for_label else ""
    classes = "form-label"
    if field.field.required:
        classes += " requiredField"
    if field.use_fieldset:
        classes += " fs-6"
    return format_html(
        '<{}{} class="{}">{}{}</{}>', tag, target, classes, field.label, required_mark(field), tag
    )


def control_html(field):
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return choices_html(field)
    invalid = ["is-invalid"] if field.errors else []
    add_classes(
        widget, "form-select" if isinstance(widget, forms.Select) else "form-control", *invalid
    )
    return format_html("{}{}{}", widget_html(field), errors_block(field), help_text(field))


def render_field(field):
    """One bound field, as crispy-forms' bootstrap5/field.html writes it."""
    if not handled(field):
        return as_crispy_field(field)
    if field.is_hidden:
        return widget_html(field)
    if isinstance(field.field.widget, forms.CheckboxInput):
        return checkbox_html(field)
    wrapper = " ".join(filter(None, ["mb-3", field.css_classes()]))
    inner = label_html(field) if field.label else ""
    if field.label and field.use_fieldset:
        described = field.aria_describedby
        opening = format_html(' aria-describedby="{}"', described) if described else ""
        inner = format_html("<fieldset{}>{}", opening, inner)
        closing = mark_safe("</fieldset>")
    else:
        closing = ""
    return format_html(
        '<div id="div_{}" class="{}">{}{}{}</div>',
        field.auto_id,
        wrapper,
        inner,
        control_html(field),
        closing,
    )


def render_form(form):
    """A whole form: its errors that belong to no field, then every field."""
    parts = []
    if form.non_field_errors():
        items = "".join(format_html("<li>{}</li>", error) for error in form.non_field_errors())
        parts.append(
            f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'
        )
    for field in form:
        parts.append(render_field(field))
    return mark_safe("".join(parts))
