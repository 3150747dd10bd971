"""The five demo provinces that `make run` sets up, with the regulation each was created from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoProvince:
    code: str
    name: str
    official_name: str
    subdomain: str


DEMO_PROVINCES = (
    DemoProvince("lai-chau", "Lai Châu", "Tỉnh Lai Châu", "laichau"),
    DemoProvince("tuyen-quang", "Tuyên Quang", "Tỉnh Tuyên Quang", "tuyenquang"),
    DemoProvince("lao-cai", "Lào Cai", "Tỉnh Lào Cai", "laocai"),
    DemoProvince("son-la", "Sơn La", "Tỉnh Sơn La", "sonla"),
    DemoProvince("binh-thuan", "Bình Thuận", "Tỉnh Bình Thuận", "binhthuan"),
)

# Demo personas sign in with this password; it is set only when the persona is created.
DEMO_PASSWORD = "hoso-demo-2026"
