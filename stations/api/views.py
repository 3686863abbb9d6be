from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api.viewsets import ScopedReadOnlyModelViewSet
from stations.api.serializers import (
    CommunitySerializer,
    StationSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from stations.filters import CommunityFilter
from stations.models import Community, Station


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token …`)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        examples=[OpenApiExample("Demo officer", value={"username": "officer", "password": "Wuling-demo-2026"})],
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class StationViewSet(ScopedReadOnlyModelViewSet):
    """Stations the caller may see: their own, or all for bureau-level users."""

    queryset = Station.objects.select_related("bureau").order_by("code")
    serializer_class = StationSerializer
    ordering_fields = ["code", "name"]


class CommunityViewSet(ScopedReadOnlyModelViewSet):
    """Communities (责任区) of the stations the caller may see, with populations by year."""

    queryset = (
        Community.objects.select_related("station").prefetch_related("populations").order_by("station__code", "name")
    )
    serializer_class = CommunitySerializer
    filterset_class = CommunityFilter
    ordering_fields = ["name", "station__code"]
