from rest_framework.routers import SimpleRouter

from stations.api.views import CommunityViewSet, StationViewSet

router = SimpleRouter()
router.register("stations", StationViewSet, basename="station")
router.register("communities", CommunityViewSet, basename="community")
