"""Shapes of the sign-in endpoints: tokens listed without their secret, password changes."""

from rest_framework import serializers

from api.v1.common.fields import InputSerializer, TextField


class TokenListedSerializer(serializers.Serializer):
    """A token of one's own, named by its public prefix; the secret is never shown again."""

    token_key = serializers.CharField(help_text="Phần đầu công khai của mã, dùng để thu hồi")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.BooleanField(help_text="Mã đang dùng cho yêu cầu này")


class PasswordChangeSerializer(InputSerializer):
    current_password = TextField(128, trim_whitespace=False, style={"input_type": "password"})
    new_password = TextField(128, trim_whitespace=False, style={"input_type": "password"})
