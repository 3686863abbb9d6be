from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from stations.models import Community, CommunityPopulation, Station


class StationSerializer(serializers.ModelSerializer):
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)

    class Meta:
        model = Station
        fields = ["id", "code", "name", "bureau", "bureau_name", "address", "phone"]


class CommunityPopulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommunityPopulation
        fields = ["year", "population"]


class CommunitySerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    populations = CommunityPopulationSerializer(many=True, read_only=True)

    class Meta:
        model = Community
        fields = ["id", "name", "kind", "station", "station_name", "populations"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        request = self.context["request"]
        # The plain Django request, so that django-axes can count failures
        # and mark a lockout on the object its middleware looks at.
        user = authenticate(
            request=getattr(request, "_request", request), username=attrs["username"], password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Wrong username or password.")]}, code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True, help_text="When the token stops working.")
