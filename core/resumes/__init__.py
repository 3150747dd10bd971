"""The résumé (sơ yếu lý lịch) in its official form: 2C-BNV/2008 for cán bộ, công chức and
HS02-VC/BNV for viên chức, built from a dossier snapshot and rendered as PDF (the signed
original) or DOCX (the editable copy). Pure rendering: no models of its own."""
