"""`pathways review`: the partner's verification round (issue 21).

    pathways review --community trois-rivieres [--all] [--sheet-lang fr] [--out DIR]
        writes DIR/worksheet.csv (UTF-8 with BOM: LibreOffice and Excel open it as is) and DIR/worksheet.html
        (printable): one row per contact, citation and rule of the community's own files that is due for a
        check (or every one, --all), with the text as the page shows it, the source's address, the last
        recorded check and what to confirm; the partner fills result, date, method, initials, note, and a
        new phone or address when the organisation gave one. DIR defaults to the community's `review/` folder.
    pathways review import FILE [--community ID]
        applies a filled worksheet to the YAML files, editing only the lines concerned: confirmed → the
        citation's (or contact's) verified_on, method and initials; a contact confirmed by phone gets a
        citation `{kind: call, …}` (and its new phone or address); changed → `review/to-edit.yaml`, which
        `check` lists at the item; gone → `closes_on`. Rows left empty are skipped. A file with a bad row
        changes nothing: every bad row is reported as `file:row:col: message`.

Item ids are stable: `services/urgence-chaur` (a contact), `services/urgence-chaur/source:ramq-…` (a citation),
`programs/x/rule/2026-04-01` (a rule entry) and that entry's citations below it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import io
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathways.commands.common import communities_arg, load_for, print_report
from pathways.commands import yamledit
from pathways.commands.check import Checked, check_content, review_due
from pathways.content import phones
from pathways.content.load import REVIEW, Content, display_path
from pathways.content.models import CallCitation, Method, ReferenceKind, is_call
from pathways.content.verification import CONTACT_KINDS, RECORD_KINDS, TO_EDIT, citation_ids, latest_check, read_to_edit, to_edit_path
from pathways.errors import Failed, Problem, Report, UsageError, Where, problem
from pathways.i18n import N_, gettext_for

DUE_WITHIN_DAYS = 60  # a check due in the next two months goes on this round's worksheet
DEFAULT_PERIOD_DAYS = 365
COLUMNS = (  # (key, header): the headers are written in the worksheet's language and read in either
    ("id", N_("id")),
    ("type", N_("Type")),
    ("shown", N_("As the page shows it")),
    ("confirm", N_("What to confirm")),
    ("source", N_("Source (web address)")),
    ("last", N_("Last check")),
    ("file", N_("File")),
    ("result", N_("Result: confirmed, changed or gone")),
    ("date", N_("Date (YYYY-MM-DD)")),
    ("method", N_("Method: website, phone call, e-mail or in person")),
    ("by", N_("By (initials)")),
    ("note", N_("Note")),
    ("phone", N_("New phone")),
    ("address", N_("New address")),
)
TO_FILL = ("result", "date", "method", "by", "note", "phone", "address")
TYPES = {"contact": N_("contact"), "citation": N_("citation"), "rule": N_("rule")}
RESULTS = {"confirmed": ("confirmed", "confirmé", "confirme", "ok"), "changed": ("changed", "modifié", "modifie", "changé"),
           "gone": ("gone", "disparu", "fermé", "ferme", "closed")}
METHODS = {Method.website: ("website", "site web", "site", "web"),
           Method.call: ("phone call", "call", "phone", "appel", "téléphone", "appel téléphonique"),
           Method.email: ("e-mail", "email", "courriel", "courrier électronique"),
           Method.in_person: ("in person", "in-person", "en personne", "sur place")}
METHOD_SAID = {Method.website: N_("website"), Method.call: N_("phone call"), Method.email: N_("e-mail"),
               Method.in_person: N_("in person")}


# ---------------------------------------------------------------- the items of a round


@dataclass
class Item:
    id: str
    type: str  # contact, citation, rule
    kind: str  # the record's kind
    record: str
    loc: tuple  # inside the record: () a contact, ("references", i), ("eligibility", "values", start[, "references", i])
    path: Path  # the file that writes it
    where: Where
    due: bool
    values: dict[str, str] = field(default_factory=dict)  # the columns written for the partner


class Round:
    """The items of one community's files, in the worksheet's language."""

    def __init__(self, content: Content, checked: Checked, as_of: dt.date, lang: str):
        self.content, self.checked, self.as_of, self.lang = content, checked, as_of, lang
        self._ = gettext_for(lang)
        self.guide, self.resolved = checked.guide, checked.resolved
        self.layer = self.resolved.layers[-1]
        self.items: list[Item] = []
        for kind in RECORD_KINDS:
            for record_id in sorted(getattr(self.guide, kind)):
                if self.guide.layer_of.get((kind, record_id)) == self.layer:
                    self._record(kind, record_id)
        self.items.sort(key=lambda item: (item.where.path, item.where.line, item.where.col, item.id))
        self.by_id = {item.id: item for item in self.items}

    # ------------------------------------------------------------ building

    def _raw(self, kind: str, record_id: str, field_name: str):
        raw = self.resolved.records[kind][record_id].origin.get(field_name)
        return raw if raw is not None and raw.layer == self.layer else None

    def _file(self, raw) -> str:
        try:
            return Path(raw.path).resolve().relative_to(self.content.root.resolve()).as_posix()
        except ValueError:
            return raw.path

    def _add(self, item_id: str, type_: str, kind: str, record_id: str, loc: tuple, raw, due: bool, **values: str) -> None:
        where = raw.where(loc)
        values = {"id": item_id, "type": self._(TYPES[type_]), "file": f"{self._file(raw)}:{where.line}", **values}
        self.items.append(Item(item_id, type_, kind, record_id, loc, Path(raw.path), where, due, values))

    def _record(self, kind: str, record_id: str) -> None:
        record = getattr(self.guide, kind)[record_id]
        period = self.guide.review_period(kind, record_id) or DEFAULT_PERIOD_DAYS
        refs_raw = self._raw(kind, record_id, "references")
        references = getattr(record, "references", [])
        name = self._name(kind, record)
        if kind in CONTACT_KINDS and refs_raw is not None:
            shown, confirm = self._contact(kind, record, name)
            self._add(f"{kind}/{record_id}", "contact", kind, record_id, (), refs_raw,
                      self._due(references, record.review_by, period) or confirm[1],
                      shown=shown, confirm=confirm[0], source=getattr(record, "url", None) or "",
                      last=self._last(references))
        if refs_raw is not None:
            self._citations(f"{kind}/{record_id}", kind, record_id, ("references",), references, refs_raw, name,
                            record.review_by, period)
        eligibility = getattr(record, "eligibility", None)
        rules_raw = self._raw(kind, record_id, "eligibility")
        if eligibility is None or rules_raw is None:
            return
        items = list(eligibility.values.items())
        current = max((i for i, (start, _) in enumerate(items) if start <= self.as_of), default=0)
        for start, entry in items[current:]:
            if entry is None:
                continue
            loc = ("eligibility", "values", start.isoformat())
            prefix = f"{kind}/{record_id}/rule/{start.isoformat()}"
            self._add(prefix, "rule", kind, record_id, loc, rules_raw,
                      self._due(entry.references, entry.review_by, period),
                      shown=f"{name} — {self._rule_text(start, entry)}",
                      confirm=self._("Who may use it, status by status, as said here (open each source)"),
                      source=" ".join(dict.fromkeys(r.url_in(self.lang) for r in entry.references if not is_call(r))),
                      last=self._last(entry.references))
            self._citations(prefix, kind, record_id, (*loc, "references"), entry.references, rules_raw, name,
                            entry.review_by, period)

    def _citations(self, prefix: str, kind: str, record_id: str, loc: tuple, references: list, raw, name: str,
                   review_by, period: int) -> None:
        for index, (item_id, ref) in enumerate(zip(citation_ids(prefix, references), references)):
            if is_call(ref):
                continue  # a call is confirmed again through its contact's row
            secondary = ref.kind is ReferenceKind.secondary
            self._add(item_id, "citation", kind, record_id, (*loc, index), raw, self._due([ref], review_by, period),
                      shown=f"{name} — {ref.title_in(self.lang)}",
                      confirm=self._("This is not an official page: find the official one, or confirm with the "
                                     "organization") if secondary else
                      self._("That this page still says what the guide states here (open the address)"),
                      source=ref.url_in(self.lang), last=self._last([ref]))

    def _due(self, references: list, review_by: dt.date | None, period: int) -> bool:
        check = latest_check(references)
        if check is None:
            return True  # nobody recorded a check: this round is the first
        due = review_due(check.day, review_by, period)  # `check`'s rule: the two never disagree on what is due
        return due <= self.as_of + dt.timedelta(days=DUE_WITHIN_DAYS)

    def _last(self, references: list) -> str:
        check = latest_check(references)
        if check is not None:
            return f"{check.day.isoformat()} ({self._(METHOD_SAID[check.method])}{', ' + check.by if check.by else ''})"
        dates = sorted({r.date for r in references if getattr(r, "date", None)})
        if dates:
            return self._("none recorded; source dated {date}").format(date=dates[-1].isoformat())
        return self._("none recorded; source undated")

    def _name(self, kind: str, record) -> str:
        text = getattr(record, "title", None) if kind == "steps" else record.name
        return text[self.lang] if text is not None else record.id

    def _contact(self, kind: str, record, name: str) -> tuple[str, tuple[str, bool]]:
        """What the page shows of a contact, and what to confirm (True when the contact cannot be reached)."""
        guide = self.guide
        numbers = [p.national for p in getattr(record, "phones", [])]
        addresses = []
        if kind == "locations" and record.address is not None:
            addresses.append(_address_text(record.address))
        if kind == "services":
            addresses += [_address_text(guide.locations[i].address) for i in record.locations
                          if i in guide.locations and guide.locations[i].address is not None]
            if not numbers and record.organization in guide.organizations:
                numbers = [p.national for p in guide.organizations[record.organization].phones]
        facts = [*numbers, *addresses] + ([record.url] if getattr(record, "url", None) else [])
        if not numbers and not addresses:
            shown = f"{name} — " + self._("no phone or address shown (the page sends readers to 211)")
            key = getattr(record, "key_contact", None) is not None
            confirm = self._("Call the organization: ask for the phone number and street address readers should "
                             "use; write them under New phone and New address") if kind != "locations" else \
                self._("Ask the organization for this place's street address; write it under New address")
            return shown, (confirm, key)
        closing = getattr(record, "closes_on", None)
        confirm = self._("That the phone numbers and address are right and the organization still offers this")
        if closing is not None:
            confirm += " — " + self._("it says it closes on {date}").format(date=closing.isoformat())
        return f"{name} — " + "; ".join(facts), (confirm, False)

    def _rule_text(self, start: dt.date, entry) -> str:
        said = {"eligible": self._("eligible"), "not_eligible": self._("not eligible"),
                "conditional": self._("under conditions")}
        parts = [f"{status}: {said[rule.value.value]}" + (f" ({rule.note[self.lang]})" if rule.note else "")
                 for status, rule in entry.statuses.items()]
        if entry.others is not None:
            parts.append(self._("others") + f": {said[entry.others.value.value]}")
        return self._("from {date}").format(date=start.isoformat()) + ": " + "; ".join(parts)

    # ------------------------------------------------------------ writing

    def chosen(self, everything: bool) -> list[Item]:
        return [item for item in self.items if everything or item.due]

    def headers(self) -> list[str]:
        return [self._(header) for _, header in COLUMNS]

    def csv_text(self, items: list[Item]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.headers())
        for item in items:
            writer.writerow([item.values.get(key, "") for key, _ in COLUMNS])
        return "\ufeff" + buffer.getvalue()

    def html_text(self, items: list[Item], title: str) -> str:
        """The printable worksheet (A4 landscape): the CSV's columns but the type and the file (for whoever types
        the results in), the new phone and address in one cell to fill by hand."""
        e = html.escape
        shown = [("id", 11), ("shown", 19), ("confirm", 15), ("source", 12), ("last", 8)]
        to_fill = [("result", 7), ("date", 6), ("method", 6), ("by", 4), ("note", 7)]
        headers = dict(COLUMNS)
        cols = "".join(f'<col style="width:{width}%">' for _, width in [*shown, *to_fill, ("phone", 5)])
        head = "".join(f'<th scope="col">{e(self._(headers[key]))}</th>' for key, _ in [*shown, *to_fill])
        head += f'<th scope="col">{e(self._(headers["phone"]))} / {e(self._(headers["address"]))}</th>'
        rows = "\n".join("<tr>" + "".join(f'<td class="{key}">{e(item.values.get(key, ""))}</td>' for key, _ in shown)
                         + "<td></td>" * (len(to_fill) + 1) + "</tr>" for item in items)
        said = self._("Fill one row per item you checked: result (confirmed, changed or gone), date, method (website, "
                      "phone call, e-mail or in person), your initials; a note for anything changed; the new phone or "
                      "address the organization gave you. Then type the results into worksheet.csv and run: "
                      "pathways review import worksheet.csv")
        return (f"<!doctype html>\n<html lang=\"{self.lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                f"<title>{e(title)}</title>\n<style>\n"
                "body{font:8.5pt/1.3 sans-serif;margin:1cm}table{border-collapse:collapse;width:100%;table-layout:fixed}"
                "th,td{border:1px solid #444;padding:3px;vertical-align:top;text-align:left;overflow-wrap:break-word;"
                "hyphens:auto}td.id,td.source{overflow-wrap:anywhere;font-size:7.5pt}"
                "@page{size:A4 landscape;margin:1cm}thead{display:table-header-group}tr{break-inside:avoid}"
                "td:nth-child(n+6){height:2.6em}\n</style>\n</head>\n<body>\n"
                f"<h1>{e(title)}</h1>\n<p>{e(said)}</p>\n<table>\n<colgroup>{cols}</colgroup>\n"
                f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</body>\n</html>\n")


def _address_text(address) -> str:
    return ", ".join(x for x in (address.address_1, address.city, address.state_province, address.postal_code) if x)


def worksheet(content: Content, checked: Checked, as_of: dt.date, lang: str, everything: bool) -> tuple[str, str]:
    """(CSV text, HTML text) of a community's worksheet."""
    work = Round(content, checked, as_of, lang)
    items = work.chosen(everything)
    title = work._("Verification worksheet: {community}").format(community=checked.guide.community.name[lang])
    return work.csv_text(items), work.html_text(items, title)


# ---------------------------------------------------------------- the command


def run_review(args: argparse.Namespace) -> None:
    if args.action == "import":
        run_import(args)
        return
    _ = gettext_for(args.lang)
    content = load_for(args)
    chosen = communities_arg(args, content)
    if not chosen:
        raise UsageError(_(N_("name the community to review: --community ID")))
    checked = _checked(content, chosen[0], args)
    lang = args.sheet_lang or checked.guide.community.default_language
    csv_text, html_text = worksheet(content, checked, args.as_of, lang, args.all)
    out = args.out or content.layers[chosen[0]].path / REVIEW
    out.mkdir(parents=True, exist_ok=True)
    (out / "worksheet.csv").write_bytes(csv_text.encode("utf-8"))
    (out / "worksheet.html").write_text(html_text, encoding="utf-8")
    rows = csv_text.count("\r\n") - 1
    print(_(N_("Worksheet written: {csv} and {html} ({rows} items to check).")).format(
        csv=display_path(out / "worksheet.csv"), html=display_path(out / "worksheet.html"), rows=rows))


def _checked(content: Content, community: str, args) -> Checked:
    """The community checked as `check` would; its errors are printed and stop the command."""
    result = check_content(content, [community], args.as_of)
    if result.report.errors:
        print_report(result.report, args.lang)
        raise Failed
    return result.communities[community]


# ---------------------------------------------------------------- import


@dataclass
class Row:
    number: int
    cells: dict[str, str]
    columns: dict[str, int]  # key → 1-based column


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


def _headers() -> dict[str, str]:
    """Every header, in French and English (and the bare key), folded → its column key."""
    found = {}
    for lang in ("fr", "en"):
        translate = gettext_for(lang)
        for key, header in COLUMNS:
            found[_fold(translate(header))] = key
            found[_fold(key)] = key
    return found


def _choice(value: str, table: dict) -> Any:
    folded = _fold(value)
    for key, words in table.items():
        if folded in {_fold(w) for w in words}:
            return key
    return None


def read_rows(path: Path, problems: list[Problem]) -> list[Row]:
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(problem(Where(shown), N_("this worksheet is not UTF-8 text: save it as CSV UTF-8")))
        return []
    except OSError:
        problems.append(problem(Where(shown), N_("this worksheet cannot be read")))
        return []
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in French saves with ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = list(reader)
    except csv.Error:
        problems.append(problem(Where(shown, reader.line_num), N_("this line of the worksheet cannot be read as CSV "
                                                                   "(a quote is not closed)")))
        return []
    if not table:
        problems.append(problem(Where(shown), N_("this worksheet is empty")))
        return []
    known = _headers()
    columns: dict[str, int] = {}
    for number, header in enumerate(table[0], start=1):
        key = known.get(_fold(header))
        if key is None and header.strip():
            problems.append(problem(Where(shown, 1, number), N_("unknown column '{header}': keep the worksheet's "
                                                                 "column headers as they were written"), header=header))
        elif key is not None:
            columns[key] = number
    for key in ("id", "result"):
        if key not in columns:
            problems.append(problem(Where(shown, 1, 1), N_("the worksheet has no column '{header}': keep the "
                                                            "worksheet's column headers as they were written"),
                                    header=dict(COLUMNS)[key]))
    if "id" not in columns or "result" not in columns:
        return []
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {key: cells[col - 1].strip() if col - 1 < len(cells) else "" for key, col in columns.items()}
        rows.append(Row(number, values, columns))
    return rows


@dataclass
class Action:
    row: Row
    item: Item
    result: str
    day: dt.date | None = None
    method: Method | None = None
    by: str = ""
    note: str = ""
    phone: str = ""
    address: tuple[str, str, str, str | None] | None = None


def _row_actions(rows: list[Row], work: Round, shown: str, as_of: dt.date, problems: list[Problem]) -> list[Action]:
    actions = []
    seen: dict[str, int] = {}
    today = max(as_of, dt.date.today())
    for row in rows:
        cells, col = row.cells, row.columns
        if not cells.get("result"):
            continue  # a row nobody filled: partial worksheets are fine

        def bad(key: str, message: str, **args: object) -> None:
            problems.append(problem(Where(shown, row.number, col.get(key, 1)), message, **args))

        item = work.by_id.get(cells.get("id", ""))
        kind, _, rest = cells.get("id", "").partition("/")
        if item is None and rest.partition("/")[0] in work.resolved.records.get(kind, {}):  # closed: not in the guide
            if _choice(cells["result"], RESULTS) != "gone":
                bad("id", N_("'{id}' is closed in the guide (its closes_on has passed): remove closes_on to list it "
                             "again, or leave this row empty"), id=cells.get("id", ""))
            continue  # gone, and already closed: nothing to do (the same worksheet imported twice)
        if item is None:
            bad("id", N_("unknown item id '{id}': this row does not match the guide (keep the id column as it was "
                         "written, or write a new worksheet)"), id=cells.get("id", ""))
            continue
        if item.id in seen:
            bad("id", N_("this item is already on row {row}: fill it once"), row=seen[item.id])
            continue
        seen[item.id] = row.number
        result = _choice(cells["result"], RESULTS)
        if result is None:
            bad("result", N_("'{value}' is not a result: write confirmed, changed or gone"), value=cells["result"])
            continue
        action = Action(row, item, result, note=cells.get("note", ""))
        try:
            action.day = dt.date.fromisoformat(cells.get("date", ""))
        except ValueError:
            bad("date", N_("'{value}' is not a date written YYYY-MM-DD (the day you checked)"), value=cells.get("date", ""))
        if action.day is not None and action.day > today:
            bad("date", N_("{value} is in the future: write the day you checked"), value=action.day.isoformat())
        by = cells.get("by", "")
        if not by or len(by) > 8 or not all(c.isalpha() or c in ".-" for c in by):
            bad("by", N_("write your initials here (letters only, e.g. MT): who checked it"))
        action.by = by
        method_text = cells.get("method", "")
        action.method = _choice(method_text, METHODS) if method_text else None
        if (result == "confirmed" or method_text) and action.method is None:
            bad("method", N_("'{value}' is not a method: write website, phone call, e-mail or in person"),
                value=method_text)
        if result == "confirmed" and action.method is Method.website and item.type == "contact" \
                and not _practice_citations(work, item):
            bad("method", N_("no citation of this record is the organization's own page: confirm it by phone call, "
                             "e-mail or in person, or confirm the rows of its citations"))
        if result in ("changed", "gone") and not action.note and not (result == "gone" and item.type == "contact"):
            bad("note", N_("say in a note what changed (what the source or the organization says now)"))
        if result == "gone" and item.type == "contact" and item.kind == "locations":
            bad("result", N_("a place cannot be marked gone: mark its organization or service gone, or note the "
                             "new address"))
        action.phone = cells.get("phone", "")
        address = cells.get("address", "")
        for key, value in (("phone", action.phone), ("address", address)):
            if value and (result != "confirmed" or action.method not in (Method.call, Method.in_person)
                          or item.type != "contact"):
                bad(key, N_("a new phone or address goes on a contact row confirmed by phone call or in person"))
        if action.phone:
            try:
                phones.parse(action.phone)
            except ValueError:
                bad("phone", N_("'{value}' is not a phone number that can be dialled in Canada: write it like "
                                "819-555-0100, 1-800-555-0100, 819-555-0100 poste 3 (or ext. 3), or 211"),
                    value=action.phone)
        if address:
            parts = [p.strip() for p in address.split(",")]
            if len(parts) < 3 or not (len(parts[2]) == 2 and parts[2].isalpha()):
                bad("address", N_("write the address as: street, city, province code[, postal code] — e.g. 1234 "
                                  "Main Street, Brooks, AB, T1R 0A1"))
            else:
                action.address = (parts[0], parts[1], parts[2].upper(), ", ".join(parts[3:]) or None)
        actions.append(action)
    return actions


def _practice_citations(work: Round, item: Item) -> list[Item]:
    return [other for other in work.items if other.type == "citation" and other.record == item.record
            and other.kind == item.kind and other.loc[:1] == ("references",)
            and _reference(work, other).kind is ReferenceKind.practice]


def _reference(work: Round, item: Item):
    record = getattr(work.guide, item.kind)[item.record]
    node: Any = record
    for step in item.loc:
        if step == "eligibility":
            node = node.eligibility
        elif step == "values":
            node = node.values
        elif isinstance(node, dict):
            node = node[dt.date.fromisoformat(step)]
        elif isinstance(step, int):
            node = node[step]
        else:
            node = getattr(node, step)
    return node


class Edits:
    """The edits of every file a worksheet touches, computed on each file's original text."""

    def __init__(self) -> None:
        self.texts: dict[Path, str] = {}
        self.roots: dict[Path, Any] = {}
        self.edits: dict[Path, list[yamledit.Edit]] = {}
        self.new_files: dict[Path, list[str]] = {}  # records appended to a file (locations.yaml)

    def root(self, path: Path):
        if path not in self.texts:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            self.texts[path], self.roots[path] = text, yamledit.compose(text) if text.strip() else None
        return self.roots[path]

    def add(self, path: Path, edit: yamledit.Edit | None) -> None:
        if edit is not None:
            self.edits.setdefault(path, []).append(edit)

    def results(self) -> dict[Path, str]:
        out = {path: yamledit.apply(self.texts[path], edits) for path, edits in self.edits.items()}
        for path, records in self.new_files.items():
            text = out.get(path, self.texts.get(path, ""))
            out[path] = text + ("" if not text or text.endswith("\n") else "\n") + "".join(records)
        return out


def _confirm_citation(edits: Edits, action: Action, mapping, path: Path) -> None:
    text = edits.texts[path]
    fields = {"verified_on": action.day.isoformat(), "method": action.method.value,
              "by": yamledit.scalar_text(action.by)}
    for key, value in fields.items():
        edits.add(path, yamledit.set_key(text, mapping, key, value))


def _plan(actions: list[Action], work: Round, problems: list[Problem], shown: str) -> tuple[Edits, list[dict]]:
    edits = Edits()
    pending: list[dict] = []
    touched: dict[tuple[Path, int], int] = {}
    with_rule = {other.id: action.row.number for action in actions if action.item.type == "rule"
                 and action.result == "confirmed" for other in work.items if other.type == "citation"
                 and other.record == action.item.record and other.loc[:len(action.item.loc)] == action.item.loc}
    for action in actions:
        if action.item.id in with_rule:  # a rule confirmed on its row confirms its citations with it
            problems.append(problem(Where(shown, action.row.number, action.row.columns["id"]),
                                    N_("this citation is confirmed with its rule on row {row}: fill one of the two"),
                                    row=with_rule[action.item.id]))
            continue
        item, path = action.item, action.item.path
        root = edits.root(path)
        record = yamledit.record(root, item.record)
        if record is None:
            problems.append(problem(Where(shown, action.row.number, action.row.columns["id"]),
                                    N_("the record of this row is no longer in {file}: write a new worksheet"),
                                    file=display_path(path)))
            continue
        text = edits.texts[path]
        target = yamledit.at(record, *item.loc) if item.loc else record
        if target is None:
            problems.append(problem(Where(shown, action.row.number, action.row.columns["id"]),
                                    N_("the record of this row is no longer in {file}: write a new worksheet"),
                                    file=display_path(path)))
            continue
        key = (path, target.start_mark.index)
        if key in touched:
            problems.append(problem(Where(shown, action.row.number, action.row.columns["id"]),
                                    N_("this item is already on row {row}: fill it once"), row=touched[key]))
            continue
        touched[key] = action.row.number
        if action.result in ("changed", "gone") and not (action.result == "gone" and item.type == "contact"):
            pending.append({"id": item.id, "result": action.result, "date": action.day.isoformat(), "by": action.by,
                            "note": action.note})
            continue
        if action.result == "gone":  # a contact: it closed
            edits.add(path, yamledit.set_key(text, record, "closes_on", action.day.isoformat()))
            if action.note:
                pending.append({"id": item.id, "result": "gone", "date": action.day.isoformat(), "by": action.by,
                                "note": action.note})
            continue
        if item.type == "citation":
            _confirm_citation(edits, action, target, path)
        elif item.type == "rule":
            _confirm_dates(edits, action, target, path)
            for other in work.items:  # the rule's citations were checked with it
                if other.type == "citation" and other.loc[:len(item.loc)] == item.loc and other.record == item.record:
                    _confirm_citation(edits, action, yamledit.at(record, *other.loc), path)
        else:
            _confirm_contact(edits, action, work, record, path)
    return edits, pending


def _confirm_dates(edits: Edits, action: Action, mapping, path: Path) -> None:
    """A record or rule entry reviewed on `day`: its verified_on; a review_by it has now passed goes."""
    text = edits.texts[path]
    edits.add(path, yamledit.set_key(text, mapping, "verified_on", action.day.isoformat()))
    review_by = yamledit.child(mapping, "review_by")
    if review_by is not None and review_by.value <= action.day.isoformat():
        edits.add(path, yamledit.remove_key(text, mapping, "review_by"))


def _confirm_contact(edits: Edits, action: Action, work: Round, record, path: Path) -> None:
    item = action.item
    text = edits.texts[path]
    _confirm_dates(edits, action, record, path)
    if action.method is Method.website:  # the organization's own pages were opened: those citations
        for other in _practice_citations(work, item):
            _confirm_citation(edits, action, yamledit.at(record, *other.loc), path)
        return
    call = {"kind": "call", "verified_on": action.day.isoformat(), "by": yamledit.scalar_text(action.by)}
    if action.method is not Method.call:  # e-mail or in person: the same citation, its method said
        call["method"] = action.method.value
    references = yamledit.child(record, "references")
    model = getattr(work.guide, item.kind)[item.record]
    if not any(isinstance(r, CallCitation) and r.verified_on == action.day and r.by == action.by
               and r.method is (action.method) for r in model.references):  # not twice for one call
        edits.add(path, yamledit.prepend_item(text, references, yamledit.flow(call)))
    if action.phone:
        numbers = yamledit.child(record, "phones")
        first = yamledit.at(numbers, 0, "number") if numbers is not None else None
        quoted = yamledit.scalar_text(action.phone) if not action.phone.isdigit() else f'"{action.phone}"'
        if first is not None:
            edits.add(path, yamledit.Edit(first.start_mark.index, first.end_mark.index, quoted))
        else:
            edits.add(path, yamledit.set_key(text, record, "phones", f"[{{number: {quoted}}}]"))
    if action.address:
        _address(edits, action, work, record, path, call)


def _address(edits: Edits, action: Action, work: Round, record, path: Path, call: dict) -> None:
    street, city, region, postal = action.address
    fields = {"address_1": yamledit.scalar_text(street), "city": yamledit.scalar_text(city),
              "state_province": region}
    if postal:
        fields["postal_code"] = yamledit.scalar_text(postal)
    address = yamledit.flow(fields)
    item = action.item
    if item.kind == "locations":
        edits.add(path, yamledit.set_key(edits.texts[path], record, "address", address))
        return
    guide = work.guide
    organization = item.record if item.kind == "organizations" else guide.services[item.record].organization
    location_id = f"{item.record}-address"
    locations = path.parent / "locations.yaml"
    edits.root(locations)
    name = getattr(guide, item.kind)[item.record].name
    if location_id in guide.locations:
        existing = yamledit.record(edits.roots[locations], location_id)
        if existing is not None:
            edits.add(locations, yamledit.set_key(edits.texts[locations], existing, "address", address))
            edits.add(locations, yamledit.prepend_item(edits.texts[locations], yamledit.child(existing, "references"),
                                                       yamledit.flow(call)))
        return
    names = yamledit.flow({lang: yamledit.scalar_text(name.root[lang]) for lang in ("fr", "en")})
    edits.new_files.setdefault(locations, []).append(
        f"- id: {location_id}\n  organization: {organization}\n  name: {names}\n  address: {address}\n"
        f"  references:\n    - {yamledit.flow(call)}\n  verified_on: {action.day.isoformat()}\n")
    if item.kind == "services":
        listed = yamledit.child(record, "locations")
        if listed is None:
            edits.add(path, yamledit.set_key(edits.texts[path], record, "locations", f"[{location_id}]"))
        else:
            edits.add(path, yamledit.prepend_item(edits.texts[path], listed, location_id))


def _community_of(args, content: Content, path: Path) -> str | None:
    if getattr(args, "community", None):
        chosen = communities_arg(args, content)
        return chosen[0] if chosen else None
    resolved = path.resolve()
    for community in content.communities():
        if content.layers[community].path.resolve() in resolved.parents:
            return community
    return content.communities()[0] if len(content.communities()) == 1 else None


def run_import(args: argparse.Namespace) -> None:
    _ = gettext_for(args.lang)
    if args.file is None:
        raise UsageError(_(N_("name the filled worksheet: pathways review import FILE")))
    if not args.file.is_file():
        raise UsageError(_(N_("no worksheet at {path}")).format(path=args.file))
    content = load_for(args)
    community = _community_of(args, content, args.file)
    if community is None:
        raise UsageError(_(N_("name the community of this worksheet: --community ID")))
    checked = _checked(content, community, args)
    report = Report()
    found: list[Problem] = []
    shown = display_path(args.file)
    rows = read_rows(args.file, found)
    work = Round(content, checked, args.as_of, checked.guide.community.default_language)
    actions = _row_actions(rows, work, shown, args.as_of, found) if rows else []
    edits, pending = _plan(actions, work, found, shown) if not found else (Edits(), [])
    report.extend(found)
    if report.errors:
        print_report(report, args.lang)
        print(_(N_("Nothing was changed: correct these rows, then import the worksheet again.")), file=sys.stderr)
        raise Failed
    written = _write(edits.results(), content.layers[community].path, pending, actions)
    after = check_content(load_for(args), [community], args.as_of)
    if after.report.errors:  # never leave a guide that does not build: put every file back
        for path, before in written.items():
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(before, encoding="utf-8")
        print_report(after.report, args.lang)
        print(_(N_("Nothing was changed: the worksheet would have made these errors.")), file=sys.stderr)
        raise Failed
    counts = {result: sum(1 for a in actions if a.result == result) for result in RESULTS}
    print(_(N_("Worksheet imported: {confirmed} confirmed, {changed} changed (listed by check until edited), "
               "{gone} gone; files changed: {files}.")).format(**counts, files=len(written)))


def _write(results: dict[Path, str], folder: Path, pending: list[dict], actions: list[Action]) -> dict[Path, str | None]:
    """Write every changed file; returns each one's text before (None: it was new), to put it back."""
    written: dict[Path, str | None] = {}
    confirmed = {a.item.id for a in actions if a.result == "confirmed"}
    to_edit = to_edit_path(folder)
    entries = [e for e in read_to_edit(folder, []) if e.item not in confirmed]
    kept = [{"id": e.item, "result": e.result, "date": e.day, "by": e.by, "note": e.note} for e in entries]
    pending = [entry for entry in pending if entry not in kept]  # the same worksheet imported twice: said once
    if pending or len(kept) != len(read_to_edit(folder, [])):
        lines = ["# What a verification round found changed or gone, not edited yet (written by 'pathways review "
                 "import').\n# 'pathways check' lists each at its item. Remove an entry once the content is edited.\n"]
        lines += [yamledit.flow({k: yamledit.scalar_text(str(v)) if k != "note" else
                                 json.dumps(str(v), ensure_ascii=False) for k, v in entry.items()})
                  for entry in kept + pending]
        results = {**results, to_edit: lines[0] + "".join(f"- {line}\n" for line in lines[1:])}
    for path, text in results.items():
        written[path] = path.read_text(encoding="utf-8") if path.is_file() else None
        yamledit.compose(text)  # our edits keep the file YAML (raises otherwise: a bug, never a partner's doing)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return written
