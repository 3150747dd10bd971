"""The shared personnel model, created in every province's schema."""

from core.models.access import ConsentGrant, DossierReadLog, ReadChannel, Role, RoleGrant
from core.models.changes import (
    EDITABLE_STATES,
    Attachment,
    ChangeItem,
    ChangeOperation,
    ChangeSet,
    ChangeSetState,
    DossierVersion,
    Obligation,
    ObligationKind,
    ObligationState,
)
from core.models.dossier import (
    DOSSIER_ROW_MODELS,
    Allowance,
    Appointment,
    Degree,
    Discipline,
    Dossier,
    DossierRow,
    Evaluation,
    FamilyMember,
    LaborContract,
    LanguageSkill,
    OrganisationMembership,
    Planning,
    Reward,
    SalaryHistory,
    Training,
    WorkHistory,
)
from core.models.org import OrgChange, OrgUnit, OrgUnitKind, OrgUnitVersion
from core.models.people import Gender, Person, PersonCategory, PersonStatus, Placement

__all__ = [
    "DOSSIER_ROW_MODELS", "EDITABLE_STATES", "Allowance", "Appointment", "Attachment", "ChangeItem",
    "ChangeOperation", "ChangeSet", "ChangeSetState", "ConsentGrant", "Degree", "Discipline",
    "Dossier", "DossierReadLog", "DossierRow", "DossierVersion", "Evaluation", "FamilyMember",
    "Gender", "LaborContract", "LanguageSkill", "Obligation", "ObligationKind", "ObligationState",
    "OrgChange", "OrgUnit", "OrgUnitKind", "OrgUnitVersion", "OrganisationMembership", "Person",
    "PersonCategory", "PersonStatus", "Placement", "Planning", "ReadChannel", "Reward", "Role",
    "RoleGrant", "SalaryHistory", "Training", "WorkHistory",
]
