from django import template

from ..forms.bootstrap import render_field, render_form
from ..forms.scales import scale_options

register = template.Library()

register.filter("bootstrap_form", render_form)
register.filter("bootstrap_field", render_field)
register.filter("scale_options", scale_options)
