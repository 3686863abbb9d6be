from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from stations.queue import queue_for
from stations.roles import Role


@login_required
def home(request):
    """Each person's start page: their work queue, and their roles' shortcuts."""
    entries = queue_for(request.user)
    role_names = set(request.user.groups.values_list("name", flat=True))
    roles = [label for value, label in Role.choices if value in role_names]
    return render(
        request,
        "stations/home.html",
        {
            "queue": entries,
            "overdue_count": sum(1 for e in entries if e.overdue),
            "roles": roles,
        },
    )
