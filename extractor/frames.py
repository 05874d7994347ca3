"""The result tables as typed Parquet files and as DataFrames (pandas, or polars).

``extract -o DIR --format parquet`` writes one Parquet file per table beside
``DIR/records.jsonl``: the columns of the CSV tables (:data:`extractor.outputs.TABLES`), typed
(votes are integers, shares floats, ``elected`` a boolean, missing values null), plus
``evidence_spans``, every evidence span with its offsets (``quote``, ``start``, ``end``,
``field``), so a figure can be found in its article again.

:func:`load` reads a run's output (the JSONL records, a CSV directory or a Parquet directory)
into one DataFrame per table. Needs the ``tables`` extra (pyarrow and pandas; polars is used
when asked for and installed).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extractor.errors import import_extra
from extractor.outputs import (
    ARTICLE_COLUMNS,
    TABLES,
    Record,
    latest_by_id,
    load_records,
    table_rows,
)

INT_COLUMNS = frozenset(
    {
        "contest",
        "council_index",
        "tally",
        "referendum",
        "election_year",
        "majority",
        "candidates",
        "votes",
        "seats",
        "seats_change",
        "official_majority",
        "official_votes",
        "differences",
        "figures_differ",
        "prompt_tokens",
        "completion_tokens",
        "contests",
        "councils",
        "seat_totals",
        "referendums",
        "dropped",
    }
)
FLOAT_COLUMNS = frozenset(
    {
        "turnout_pct",
        "share_pct",
        "share_change_pts",
        "official_turnout_pct",
        "official_share_pct",
        "official_share_change_pts",
    }
)
BOOL_COLUMNS = frozenset({"elected", "official_elected"})
NAMES = tuple(name.removesuffix(".csv") for name in (*TABLES, "articles.csv"))


def _arrow() -> Any:
    return import_extra("pyarrow", "tables", "Parquet and DataFrames")


def _columns(table: str) -> list[str]:
    return ARTICLE_COLUMNS if table == "articles" else TABLES[f"{table}.csv"]


def schema(table: str) -> Any:
    """The Arrow schema of one table."""
    pa = _arrow()
    span = pa.struct(
        [("quote", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("field", pa.string())]
    )
    fields = []
    for column in _columns(table):
        if column in INT_COLUMNS:
            kind = pa.int64()
        elif column in FLOAT_COLUMNS:
            kind = pa.float64()
        elif column in BOOL_COLUMNS:
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    if table != "articles":
        fields.append(pa.field("evidence_spans", pa.list_(span)))
    return pa.schema(fields)


def _cell(column: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column in INT_COLUMNS:
        return int(value)
    if column in FLOAT_COLUMNS:
        return float(value)
    if column in BOOL_COLUMNS:
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if column == "evidence_spans":
        return value
    return str(value)


def arrow_tables(records: Iterable[Record]) -> dict[str, Any]:
    """One typed Arrow table per table name, for the latest record of each article."""
    pa = _arrow()
    tables = {}
    for filename, rows in table_rows(records).items():
        name = filename.removesuffix(".csv")
        table_schema = schema(name)
        columns = {
            column: [_cell(column, row.get(column)) for row in rows]
            for column in table_schema.names
        }
        tables[name] = pa.table(columns, schema=table_schema)
    return tables


def write_parquet(records: Iterable[Record], directory: Path) -> list[Path]:
    """Write one Parquet file per table into ``directory``; returns the files written."""
    import pyarrow.parquet as pq

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in arrow_tables(records).items():
        path = directory / f"{name}.parquet"
        partial = path.with_name(path.name + ".partial")
        pq.write_table(table, partial)
        partial.replace(path)
        written.append(path)
    return written


def _read_directory(directory: Path) -> dict[str, Any]:
    _arrow()
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    tables = {}
    for name in NAMES:
        parquet, csv_file = directory / f"{name}.parquet", directory / f"{name}.csv"
        if parquet.is_file():
            tables[name] = pq.read_table(parquet)
        elif csv_file.is_file():
            wanted = schema(name)
            types = {f.name: f.type for f in wanted if f.name != "evidence_spans"}
            tables[name] = pacsv.read_csv(
                csv_file,
                convert_options=pacsv.ConvertOptions(
                    column_types=types,
                    strings_can_be_null=True,
                    true_values=["true"],
                    false_values=["false"],
                ),
            )
    if not tables and (directory / "records.jsonl").is_file():
        return arrow_tables(load_records(directory / "records.jsonl").records)
    if not tables:
        raise FileNotFoundError(f"{directory} holds no tables (.parquet, .csv) or records.jsonl")
    return tables


def load(path: str | Path, *, backend: str = "pandas") -> dict[str, Any]:
    """The tables of a run's output as DataFrames, by name (``contests``, ``candidates``,
    ``councils``, ``seat_totals``, ``referendums``, ``articles``).

    ``path`` is a JSONL records file (``extract -o facts.jsonl``), or a directory of CSV or
    Parquet tables (``--format csv|parquet``). ``backend`` is ``"pandas"`` (nullable dtypes:
    missing votes are ``<NA>``, not NaN) or ``"polars"``.
    """
    source = Path(path)
    if source.is_dir():
        tables = _read_directory(source)
    elif source.is_file():
        tables = arrow_tables(latest_by_id(load_records(source).records).values())
    else:
        raise FileNotFoundError(f"{source}: no such file or directory")
    if backend == "polars":
        import polars

        return {name: polars.from_arrow(table) for name, table in tables.items()}
    if backend != "pandas":
        raise ValueError(f"backend must be 'pandas' or 'polars', not {backend!r}")
    import pandas

    nullable = {
        "int64": pandas.Int64Dtype(),
        "double": pandas.Float64Dtype(),
        "bool": pandas.BooleanDtype(),
        "string": pandas.StringDtype(),
    }
    return {
        name: table.to_pandas(types_mapper=lambda t: nullable.get(str(t)))
        for name, table in tables.items()
    }


__all__ = ["arrow_tables", "load", "schema", "write_parquet"]
