"""The only template tags available to clause bodies and contract layouts edited by legal staff.

No {% load %}, {% include %}, {% extends %}, {% url %}, {% debug %}, {% csrf_token %}: a clause
can format the plain data it is given, nothing more."""

from django.template import Library, defaulttags

register = Library()

SAFE_TAGS = ("if", "for", "with", "firstof", "comment", "spaceless", "cycle", "now", "filter")

for _name in SAFE_TAGS:
    register.tag(_name, defaulttags.register.tags[_name])
