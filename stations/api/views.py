from drf_spectacular.utils import OpenApiExample, extend_schema
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api.viewsets import ScopedReadOnlyModelViewSet
from stations.api.serializers import (
    CommunitySerializer,
    StationSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from stations.choices import AuditEventType
from stations.filters import CommunityFilter
from stations.models import Community, Station
from stations.services import audit_record


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token …`).

    Each sign-in issues a new token that lives `API_TOKEN_HOURS` (a working shift by default) and is
    audited like a page sign-in; signing out, changing the password or deactivation revokes them all."""

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
        user = serializer.validated_data["user"]
        instance, token = AuthToken.objects.create(user=user)
        audit_record(
            event_type=AuditEventType.TOKEN_ISSUED,
            user=user,
            request=request,
            detail={"expires": instance.expiry.isoformat(), "hours": knox_settings.TOKEN_TTL.total_seconds() / 3600},
        )
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_200_OK)


class RevokeTokenView(APIView):
    """Sign out of the API: the token this request carries stops working at once."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
            audit_record(event_type=AuditEventType.TOKEN_REVOKED, user=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
