from django import template

from stations.models import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    """`{{ user|person_name }}`: family name first, as Chinese writes names."""
    return _person_name(user)
