"""Contacts: add, import (CSV), list, remove. Opt-in is recorded with its date and source;
a contact without one is kept (they may write to you) but never messaged by psn."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import select

from psn.core.clock import Clock, parse_iso
from psn.core.errors import BadInput
from psn.core.files import read_text_file
from psn.platforms.whatsapp.rules import normalize_wa_id
from psn.store.whatsapp_tables import WhatsAppContact

NUMBER_COLUMNS = ("wa_id", "phone", "number", "whatsapp")


class Contact(BaseModel):
    wa_id: str
    name: str = ""
    opted_in: bool = False
    opted_in_at: datetime | None = None
    opt_in_source: str | None = None
    last_inbound_at: datetime | None = None

    @classmethod
    def of(cls, row: WhatsAppContact) -> Contact:
        return cls(wa_id=row.wa_id, name=row.name, opted_in=row.opted_in_at is not None, opted_in_at=row.opted_in_at,
                   opt_in_source=row.opt_in_source, last_inbound_at=row.last_inbound_at)


class ImportReport(BaseModel):
    added: int = 0
    updated: int = 0
    opted_in: int = 0
    without_opt_in: list[str] = []


def add_contact(db, clock: Clock, number: str, name: str = "", opt_in_source: str = "",  # type: ignore[no-untyped-def]
                opted_in_at: str = "") -> Contact:
    """Add or update one contact. Giving a source records the opt-in (at `opted_in_at`, default now)."""
    wa_id = normalize_wa_id(number)
    when = _opt_in_time(opted_in_at, opt_in_source, clock)
    with db.session() as session:
        row = _upsert(session, wa_id, name, opt_in_source.strip(), when, clock.now())
        return Contact.of(row)


def import_contacts(db, clock: Clock, path: Path, default_source: str = "") -> ImportReport:  # type: ignore[no-untyped-def]
    """A CSV with a number column (wa_id/phone/number) and optional name, opt_in_source,
    opted_in_at. Every row is checked first: one bad row and nothing is stored."""
    rows = _read_rows(path, default_source, clock)
    report = ImportReport()
    with db.session() as session:
        for wa_id, name, source, when in rows:
            existing = session.exec(select(WhatsAppContact).where(WhatsAppContact.wa_id == wa_id)).first()
            _upsert(session, wa_id, name, source, when, clock.now())
            report.added += existing is None
            report.updated += existing is not None
            if when:
                report.opted_in += 1
            else:
                report.without_opt_in.append(wa_id)
    return report


def list_contacts(db, opted_in_only: bool = False) -> list[Contact]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        query = select(WhatsAppContact).order_by(WhatsAppContact.name, WhatsAppContact.wa_id)
        if opted_in_only:
            query = query.where(WhatsAppContact.opted_in_at.is_not(None))  # type: ignore[union-attr]
        return [Contact.of(row) for row in session.exec(query).all()]


def remove_contact(db, number: str) -> Contact:  # type: ignore[no-untyped-def]
    """Forget a contact (and with it their opt-in); their past delivery records stay."""
    wa_id = normalize_wa_id(number)
    with db.session() as session:
        row = session.exec(select(WhatsAppContact).where(WhatsAppContact.wa_id == wa_id)).first()
        if row is None:
            raise BadInput(f"{wa_id} is not in your WhatsApp contacts.", hint="See `psn whatsapp contacts list`.")
        contact = Contact.of(row)
        session.delete(row)
        return contact


def not_opted_in(db, numbers: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The opt-in check: which of these numbers psn must not message (unknown or no opt-in)."""
    wanted = [normalize_wa_id(n) for n in numbers]
    with db.session() as session:
        rows = session.exec(select(WhatsAppContact).where(WhatsAppContact.wa_id.in_(wanted))).all()  # type: ignore
        allowed = {r.wa_id for r in rows if r.opted_in_at is not None}
    return [w for w in wanted if w not in allowed]


def _upsert(session, wa_id: str, name: str, source: str, when: datetime | None,  # type: ignore[no-untyped-def]
            now: datetime) -> WhatsAppContact:
    row = session.exec(select(WhatsAppContact).where(WhatsAppContact.wa_id == wa_id)).first()
    if row is None:
        row = WhatsAppContact(wa_id=wa_id, name=name.strip(), created_at=now)
    elif name.strip():
        row.name = name.strip()
    if when is not None:  # a later add without a source never erases a recorded opt-in
        row.opted_in_at, row.opt_in_source = when, source
    session.add(row)
    session.flush()
    return row


def _opt_in_time(text: str, source: str, clock: Clock) -> datetime | None:
    if not source.strip():
        if text:
            raise BadInput("An opt-in date needs its source (where the contact agreed).", hint="Add --opt-in SOURCE.")
        return None
    if not text:
        return clock.now()
    try:
        when = parse_iso(text)
    except ValueError:
        raise BadInput(f"{text!r} is not a date.", hint="Use ISO 8601, e.g. 2026-11-01 or 2026-11-01T09:00Z.") from None
    if when > clock.now():
        raise BadInput(f"The opt-in date {text} is in the future.", hint="Give the date the contact agreed.")
    return when


def _read_rows(path: Path, default_source: str, clock: Clock) -> list[tuple[str, str, str, datetime | None]]:
    reader = csv.DictReader(io.StringIO(read_text_file(path, "a contact list"), newline=""))
    header = {h.strip().lower(): h for h in reader.fieldnames or []}
    column = next((header[c] for c in NUMBER_COLUMNS if c in header), None)
    if column is None:
        raise BadInput(f"{path.name} has no number column.", hint=f"Name it one of: {', '.join(NUMBER_COLUMNS)}.")
    records = list(reader)
    rows, problems = [], []
    for line, record in enumerate(records, start=2):
        def cell(name: str, record: dict[str, str] = record) -> str:
            return (record.get(header.get(name, ""), "") or "").strip()
        try:
            source = cell("opt_in_source") or default_source
            rows.append((normalize_wa_id(record[column] or ""), cell("name"), source,
                         _opt_in_time(cell("opted_in_at"), source, clock)))
        except BadInput as exc:
            problems.append(f"line {line}: {exc.message}")
    if problems:
        raise BadInput(f"{len(problems)} row(s) of {path.name} are invalid; nothing was imported.",
                       hint="; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""), problems=problems)
    return rows
