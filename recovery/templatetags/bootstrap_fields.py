from django import template

from ..forms.bootstrap import render_field, render_form

register = template.Library()

register.filter("bootstrap_form", render_form)
register.filter("bootstrap_field", render_field)
