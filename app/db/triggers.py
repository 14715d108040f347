"""Row triggers written once for both backends, for migrations.

A trigger is given as its name, its timing and table ("AFTER INSERT ON events") and the SQL
statements of its body, with the row spelt `new` / `old`. SQLite takes them as a trigger
body; PostgreSQL as a plpgsql function (`NEW` / `OLD`) and a trigger calling it.
Migrations from 0006 on use these; 0003 and 0004 keep their own copies (migrations that
have run stay as they were).
"""

from __future__ import annotations

from alembic import op

Triggers = dict[str, tuple[str, list[str]]]


def create(dialect: str, triggers: Triggers) -> None:
    for name, (when, statements) in triggers.items():
        if dialect == "sqlite":
            body = "".join(f"{s}; " for s in statements)
            op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {body}END")
        else:
            body = "".join(f"{s.replace('new.', 'NEW.').replace('old.', 'OLD.')}; "
                           for s in statements)
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                       f"$$ BEGIN {body}RETURN NULL; END $$")
            op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW EXECUTE FUNCTION {name}()")


def drop(dialect: str, triggers: Triggers) -> None:
    for name, (when, _statements) in triggers.items():
        table = when.rsplit(" ", 1)[1]
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
