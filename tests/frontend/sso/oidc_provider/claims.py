"""What the provider tells about a person: their ID number is their sign-in name here."""

from typing import Any

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["preferred_username"] = user.username
    claims["name"] = user.first_name
    return claims


class IdNumberClaims(ScopeClaims):
    info_cccd = ("Số định danh cá nhân", "Số định danh cá nhân của bạn.")

    def scope_cccd(self) -> dict[str, Any]:
        return {"so_dinh_danh": self.user.username}
