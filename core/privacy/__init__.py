"""Personal data protection (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Nghị định 356/2025/NĐ-CP):
a data subject's copy of everything held about them and the log of who read their dossier,
their requests (access, correction, objection…) answered by their unit within the law's time as
tracked duties; and the breach workflow (an incident, the notice due to the authority)."""
