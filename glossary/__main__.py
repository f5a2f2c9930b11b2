"""`python -m glossary load` brings the database in step with the entry files (`--force`: the files win over
edits made in the database); `check` only validates them; `export-files` writes the database's edits back to entry
files; `eval-search` prints search accuracy on the evaluation set (exit 1 below top-1 95 % or top-3 99 %)."""

import argparse
import sys
from pathlib import Path

from sqlmodel import Session

from glossary.db import ENTRIES_DIR, create_schema, database_url_from_environment, make_engine
from glossary.editing import write_entry_files
from glossary.loader import LoadError, load_entries, read_entries
from glossary.search_eval import evaluate, index_of, read_eval_set

TOP1_TARGET, TOP3_TARGET = 0.95, 0.99


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m glossary", description=__doc__)
    parser.add_argument("command", choices=["load", "check", "eval-search", "export-files"])
    parser.add_argument("--entries", type=Path, default=ENTRIES_DIR, help="folder of entry files")
    parser.add_argument(
        "--force", action="store_true", help="load: the files win over edits made in the database (kept in history)"
    )
    parser.add_argument(
        "--database-url",
        default=database_url_from_environment(),
        help="SQLAlchemy URL (default: $DATABASE_URL, else glossary.db in $GLOSSARY_DATA_DIR or data/)",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            print(f"{len(read_entries(args.entries))} entries are valid")
        elif args.command == "eval-search":
            report = evaluate(index_of(read_entries(args.entries)), read_eval_set())
            print(report)
            return 0 if report.rate(report.top1) >= TOP1_TARGET and report.rate(report.top3) >= TOP3_TARGET else 1
        elif args.command == "export-files":
            with Session(make_engine(args.database_url)) as session:
                written = write_entry_files(session, args.entries)
            print(f"wrote {len(written)} entry file(s) edited in the database to {args.entries}: {', '.join(written)}")
        else:
            engine = make_engine(args.database_url)
            create_schema(engine)
            print(f"loaded {args.entries}: {load_entries(engine, args.entries, force=args.force)}")
    except LoadError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
