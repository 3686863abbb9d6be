from stations.navigation import nav_groups_for
from stations.scoping import is_bureau_level, staff_profile


def shell(request):
    """What the base layout needs: the menu and who is signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": []}
    profile = staff_profile(user)
    return {
        "nav_groups": nav_groups_for(user),
        "staff_profile": profile,
        "is_bureau_level": is_bureau_level(user),
    }
