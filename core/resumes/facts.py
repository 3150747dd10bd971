"""A dossier snapshot read as the forms print it: catalogue codes as names, choices as their
labels, dates in words, repeating rows as table rows. Every accessor returns text, "" when
the dossier does not say (the renderers print a dotted line there)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from core.catalogues.selectors import catalogue_choices
from core.models import Allowance, FamilyMember, Gender, Training
from core.resumes.document import date_spoken, month_year, period
from core.sensitive import HIDDEN


@dataclass(frozen=True)
class ResumeContext:
    """What the form says besides the dossier: where it is made, the units, who signs, when."""

    province: str  # "Lào Cai", for "Lào Cai, ngày … tháng … năm …"
    managing_agency: str  # cơ quan, đơn vị có thẩm quyền quản lý
    using_unit: str  # cơ quan, đơn vị sử dụng
    made_on: date
    confirmer: str = ""  # the approver's name, when the résumé is signed
    photo: bytes | None = None


class Facts:
    def __init__(self, snapshot: dict[str, Any]):
        self.identity: dict[str, Any] = snapshot.get("identity") or {}
        self.dossier: dict[str, Any] = snapshot.get("dossier") or {}
        self.rows: dict[str, list[dict[str, Any]]] = snapshot.get("rows") or {}
        self.version = snapshot.get("version")

    # --- single values -----------------------------------------------------------------------

    def text(self, name: str) -> str:
        """A dossier field as written; never "None" or "{}"."""
        value = self.dossier.get(name)
        if value is None or isinstance(value, dict | list):
            return ""
        return str(value).strip()

    def when(self, name: str) -> str:
        value = self.dossier.get(name)
        return HIDDEN if value == HIDDEN else date_spoken(value)

    def name_of(self, kind: str, field: str) -> str:
        value = self.dossier.get(field) or ""
        return HIDDEN if value == HIDDEN else catalogue_name(kind, value)

    def code(self, field: str) -> str:
        return str(self.dossier.get(field) or "")

    @property
    def full_name(self) -> str:
        return str(self.identity.get("full_name") or "")

    @property
    def gender(self) -> str:
        value = self.identity.get("gender") or ""
        return str(dict(Gender.choices).get(value, value))

    @property
    def place_of_birth(self) -> str:
        return self.text("birth_place") or self.name_of("administrative_unit", "birth_place_code")

    @property
    def home_town(self) -> str:
        return self.text("home_town") or self.name_of("administrative_unit", "home_town_code")

    @property
    def rank_name(self) -> str:
        return self.name_of("rank", "rank_code")

    @property
    def title_name(self) -> str:
        return self.name_of("professional_title", "professional_title_code")

    @property
    def coefficient(self) -> str:
        return decimal_text(self.dossier.get("salary_coefficient"))

    @property
    def over_frame(self) -> str:
        value = self.dossier.get("over_frame_percent")
        return f"{value}%" if value not in (None, "") else ""

    @property
    def highest_qualification(self) -> str:
        """The highest qualification, with the field of the latest degree when there is one."""
        text = self.text("highest_qualification")
        degrees = sorted(self.rows.get("degree") or [], key=lambda row: row.get("year") or 0)
        if degrees and degrees[-1].get("field"):
            level = catalogue_name("education_level", degrees[-1].get("level_code") or "")
            text = ", ".join(part for part in (text or level, f"chuyên ngành {degrees[-1]['field']}") if part)
        return text

    @property
    def languages(self) -> str:
        return "; ".join(" ".join(p for p in (row.get("language"), row.get("level")) if p)
                         for row in self.rows.get("language_skill") or [])

    def allowances(self, *kinds: str) -> str:
        """The allowances of those kinds in force (no end date): coefficient, percentage or amount."""
        shown = []
        for row in self.rows.get("allowance") or []:
            if row.get("kind") not in kinds or row.get("end"):
                continue
            amount = (decimal_text(row.get("coefficient")) or (f"{row['percent']}%" if row.get("percent") else "")
                      or (f"{row['amount']:,} đồng".replace(",", ".") if row.get("amount") else ""))
            name = row.get("name") or dict(Allowance.Kind.choices).get(row.get("kind") or "", "")
            shown.append(f"{name} {amount}".strip() if len(kinds) > 1 or row.get("name") else amount)
        return "; ".join(part for part in shown if part)

    @property
    def memberships(self) -> str:
        return "; ".join(
            ", ".join(p for p in (row.get("organisation"), date_spoken(row.get("joined_on")), row.get("position")) if p)
            for row in self.rows.get("organisation_membership") or [])

    @property
    def plannings(self) -> str:
        return "; ".join(f"{row.get('planned_position')} ({row.get('period')})"
                         for row in self.rows.get("planning") or [])

    @property
    def rewards(self) -> str:
        return "; ".join(" ".join(p for p in (row.get("form"), f"({row['year']})" if row.get("year") else "") if p)
                         for row in self.rows.get("reward") or [])

    @property
    def disciplines(self) -> str:
        return "; ".join(" ".join(p for p in (row.get("form"), f"({row['year']})" if row.get("year") else "") if p)
                         for row in self.rows.get("discipline") or [])

    @property
    def military(self) -> bool:
        return bool(self.dossier.get("military_enlisted_on") or self.dossier.get("military_discharged_on"))

    # --- table rows --------------------------------------------------------------------------

    def training_rows(self, *kinds: str, degrees: bool = True) -> tuple[tuple[str, ...], ...]:
        """(school, subject, from – to, mode, certificate) of degrees and trainings of `kinds`."""
        rows: list[tuple[str, tuple[str, ...]]] = []
        if degrees:
            for row in self.rows.get("degree") or []:
                level = catalogue_name("education_level", row.get("level_code") or "")
                year = str(row.get("year") or "")
                rows.append((year, (row.get("institution") or "", row.get("field") or "",
                                    f"Tốt nghiệp năm {year}" if year else "", row.get("mode") or "", level)))
        for row in self.rows.get("training") or []:
            if kinds and row.get("kind") not in kinds:
                continue
            rows.append((row.get("start") or "", (row.get("institution") or "", row.get("subject") or "",
                                                  period(row.get("start"), row.get("end")), row.get("mode") or "",
                                                  row.get("certificate") or "")))
        return tuple(cells for _, cells in sorted(rows, key=lambda pair: pair[0]))

    def language_rows(self) -> tuple[tuple[str, ...], ...]:
        """Languages known (with certificate and score) and language courses."""
        rows = list(self.training_rows(Training.Kind.LANGUAGE, degrees=False))
        for row in self.rows.get("language_skill") or []:
            certificate = ", ".join(p for p in (row.get("certificate"), f"điểm {row['score']}" if row.get("score") else "") if p)
            rows.append(("", row.get("language") or "", "", "", ", ".join(p for p in (row.get("level"), certificate) if p)))
        return tuple(rows)

    def work_rows(self) -> tuple[tuple[str, ...], ...]:
        ordered = sorted(self.rows.get("work_history") or [], key=lambda row: row.get("start") or "")
        return tuple(
            (period(row.get("start"), row.get("end")),
             ", ".join(p for p in (row.get("position"), row.get("unit_name")) if p)
             + (f" ({row['duties']})" if row.get("duties") else ""))
            for row in ordered)

    def family_rows(self, side: str) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (row.get("relation") or "", row.get("full_name") or "", str(row.get("birth_year") or ""),
             "; ".join(p for p in (
                 f"Quê quán: {row['home_town']}" if row.get("home_town") else "",
                 row.get("occupation") or "",
                 row.get("workplace") or "",
                 f"Nơi ở: {row['address']}" if row.get("address") else "") if p))
            for row in self.rows.get("family_member") or [] if row.get("side") == side)

    def own_family(self) -> tuple[tuple[str, ...], ...]:
        return self.family_rows(FamilyMember.Side.OWN)

    def spouse_family(self) -> tuple[tuple[str, ...], ...]:
        return self.family_rows(FamilyMember.Side.SPOUSE)

    def salary_columns(self) -> tuple[tuple[str, ...], ...]:
        """The salary history as the forms print it, one column per change: (month/year,
        rank or title code/step, coefficient)."""
        ordered = sorted(self.rows.get("salary_history") or [], key=lambda row: row.get("effective_on") or "")
        return tuple((month_year(row.get("effective_on")), f"{row.get('rank_code') or ''}/{row.get('step') or ''}",
                      decimal_text(row.get("coefficient"))) for row in ordered)

    def reward_rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple((str(row.get("year") or ""), row.get("form") or "", row.get("level") or "", row.get("decision") or "")
                     for row in self.rows.get("reward") or [])

    def discipline_rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple((str(row.get("year") or ""), row.get("form") or "", row.get("reason") or "", row.get("decision") or "")
                     for row in self.rows.get("discipline") or [])

    def evaluation_rows(self) -> tuple[tuple[str, ...], ...]:
        from core.models import Evaluation

        grades = dict(Evaluation.Grade.choices)
        ordered = sorted(self.rows.get("evaluation") or [], key=lambda row: row.get("year") or 0)
        return tuple((str(row.get("year") or ""), str(grades.get(row.get("grade") or "", row.get("grade") or "")),
                      row.get("emulation_title") or "", row.get("award") or "") for row in ordered)


def catalogue_name(kind: str, code: str) -> str:
    """The Vietnamese name of a catalogue entry (retired ones too), without the code the
    pickers add to ranks and titles; the code itself only when the catalogue does not know it."""
    if not code:
        return ""
    label = dict(catalogue_choices(kind=kind)).get(code)
    if label is None:
        return code
    return label.removesuffix(f" ({code})")


def decimal_text(value: Any) -> str:
    """"2,34" as Vietnamese writes a coefficient."""
    if value in (None, ""):
        return ""
    try:
        return f"{Decimal(str(value)):.2f}".replace(".", ",")
    except InvalidOperation:
        return str(value)
