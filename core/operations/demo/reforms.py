"""The 2025 reorganisation in the demo trees: Tuyên Quang holds the former Hà Giang units and
Lào Cai the former Yên Bái units, each ended on 30/06/2025 into the unit that took it over
from 01/07/2025, so that their codes still answer the unit of today.

- Nghị quyết 202/2025/QH15 (effective 01/07/2025): Hà Giang merged into Tuyên Quang, Yên Bái
  into Lào Cai.
- Luật Tổ chức chính quyền địa phương 2025 (two tiers from 01/07/2025): the district-level
  bodies stopped; communes and wards sit directly under the province (the demo trees have no
  district tier: core.operations.demo.data).

The former provinces' level-1 codes (Hà Giang H22, Yên Bái H63) are read from an alphabetical
list that reference-data.md marks unconfirmed; the units and which new unit took each over are
demo data, not a record of the actual arrangement.
"""

from dataclasses import dataclass
from datetime import date

from core.base.accounts.models import Account
from core.models import OrgChange, OrgUnit, OrgUnitKind, OrgUnitVersion
from core.services.org_units import org_unit_merge

REFORM_ON = date(2025, 7, 1)
MERGER_BASIS = "Nghị quyết 202/2025/QH15 (sắp xếp đơn vị hành chính cấp tỉnh), hiệu lực 01/07/2025"
TWO_TIER_BASIS = "Luật Tổ chức chính quyền địa phương 2025 (chính quyền địa phương hai cấp), hiệu lực 01/07/2025"
FORMER_FROM = date(2008, 4, 1)


@dataclass(frozen=True)
class FormerUnitSpec:
    name: str
    code: str  # LLL.KK.JJ, the former province's level-1 code appended
    kind: str
    successor: str  # key of the demo unit that took it over (core.operations.demo.data)


@dataclass(frozen=True)
class FormerProvince:
    name: str
    level1: str
    units: tuple[FormerUnitSpec, ...]


FORMER_PROVINCES = {
    "tuyen-quang": FormerProvince("Hà Giang", "H22", (
        FormerUnitSpec("Sở Nội vụ tỉnh Hà Giang", "000.00.02", OrgUnitKind.AGENCY, "snv"),
        FormerUnitSpec("Sở Giáo dục và Đào tạo tỉnh Hà Giang", "000.00.04", OrgUnitKind.AGENCY, "sgd"),
        FormerUnitSpec("UBND thành phố Hà Giang", "000.00.31", OrgUnitKind.COMMUNE, "commune3"),
        FormerUnitSpec("UBND huyện Đồng Văn", "000.00.36", OrgUnitKind.COMMUNE, "commune6"),
    )),
    "lao-cai": FormerProvince("Yên Bái", "H63", (
        FormerUnitSpec("Sở Nội vụ tỉnh Yên Bái", "000.00.02", OrgUnitKind.AGENCY, "snv"),
        FormerUnitSpec("Sở Giáo dục và Đào tạo tỉnh Yên Bái", "000.00.04", OrgUnitKind.AGENCY, "sgd"),
        FormerUnitSpec("UBND thành phố Yên Bái", "000.00.31", OrgUnitKind.COMMUNE, "commune4"),
    )),
}


def demo_reforms_record(*, province_code: str, admin: Account, units: dict[str, OrgUnit]) -> list[OrgUnit]:
    """The former province's People's Committee under the root until 30/06/2025 with its units
    below it; each unit merged (org_unit_merge: versions, successor, audit) into the demo unit
    that took it over, then the Committee into the province's own. Nothing for other provinces."""
    former = FORMER_PROVINCES.get(province_code)
    if former is None:
        return []
    root = OrgUnit.objects.get(parent__isnull=True)
    committee = _unit_add(f"UBND tỉnh {former.name}", f"000.00.00.{former.level1}", OrgUnitKind.PROVINCE, root, admin)
    made = [_unit_add(spec.name, f"{spec.code}.{former.level1}", spec.kind, committee, admin) for spec in former.units]
    for spec, unit in zip(former.units, made, strict=True):
        basis = TWO_TIER_BASIS if spec.kind == OrgUnitKind.COMMUNE else MERGER_BASIS
        org_unit_merge(acting_user=admin, sources=[unit], target=units[spec.successor], on=REFORM_ON, decision=basis)
    org_unit_merge(acting_user=admin, sources=[committee], target=root, on=REFORM_ON, decision=MERGER_BASIS)
    return [committee, *made]


def _unit_add(name: str, code: str, kind: str, parent: OrgUnit, admin: Account) -> OrgUnit:
    """A former unit as it stood before the reform (its code is the former province's, which the
    service creating today's units would refuse)."""
    unit = OrgUnit.objects.create(kind=kind, name=name, electronic_code=code, parent=parent, path="",
                                  depth=parent.depth + 1, established_on=FORMER_FROM)
    unit.path = f"{parent.path}{unit.pk}/"
    unit.save(update_fields=["path"])
    OrgUnitVersion.objects.create(org_unit=unit, name=name, electronic_code=code, parent=parent,
                                  valid_from=FORMER_FROM, change=OrgChange.CREATE, recorded_by=admin)
    return unit
