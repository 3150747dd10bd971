"""Which salary scale a step is on: read alike by the forecast (core.careers.selectors) and by
the narrowing that picks whom to forecast (core.careers.candidates)."""

from core.catalogues.models import ProfessionalTitle, Rank


def scale_code_of(*, dossier_scale: str | None, rank_code: str | None, dossier_rank: str | None,
                  groups: dict[str, str]) -> str:
    """The scale a step is on: the dossier's, else the salary group of the current row's rank or
    title, else of the dossier's."""
    return dossier_scale or (groups.get(rank_code, "") if rank_code else "") or groups.get(dossier_rank or "", "")


def salary_groups() -> dict[str, str]:
    """Rank and professional-title codes to their salary scale (public catalogues)."""
    groups = dict(Rank.objects.exclude(salary_group="").values_list("code", "salary_group"))
    groups.update(ProfessionalTitle.objects.exclude(salary_group="").values_list("code", "salary_group"))
    return groups
