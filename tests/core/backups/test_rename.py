"""A dump restored under a new name: statements follow the new schema, rows stay as they were."""

from core.backups.postgres import rename_schema_lines


def test_statements_are_renamed_and_copied_rows_are_not() -> None:
    script = [
        b"CREATE SCHEMA lao_cai;\n",
        b"CREATE TABLE lao_cai.core_person (id bigint DEFAULT nextval('lao_cai.core_person_id_seq'::regclass));\n",
        b"CREATE TABLE lao_cai.lao_cai_notes (lao_cai_id bigint);\n",
        b"COPY lao_cai.core_person (id, full_name) FROM stdin;\n",
        b"1\tlao_cai.core_person moved to lao_cai\n",
        b"\\.\n",
        b"SELECT pg_catalog.setval('lao_cai.core_person_id_seq', 1, true);\n",
    ]

    renamed = list(rename_schema_lines(iter(script), source="lao_cai", target="drill_x"))

    assert renamed == [
        b"CREATE SCHEMA drill_x;\n",
        b"CREATE TABLE drill_x.core_person (id bigint DEFAULT nextval('drill_x.core_person_id_seq'::regclass));\n",
        b"CREATE TABLE drill_x.lao_cai_notes (lao_cai_id bigint);\n",
        b"COPY drill_x.core_person (id, full_name) FROM stdin;\n",
        b"1\tlao_cai.core_person moved to lao_cai\n",
        b"\\.\n",
        b"SELECT pg_catalog.setval('drill_x.core_person_id_seq', 1, true);\n",
    ]
