"""`pathways new-community PROVINCE/ID`: a new community folder, valid at once.

Writes `content/regions/ca/<province>/<id>/` (community, index, organizations, services, steps,
locations) and `content/{fr,en}/ca/<province>/<id>/home.md`. For a province or territory with no folder
yet (`nt/yellowknife`), it first writes the province layer (`regions/ca/nt/index.yaml`, and a `steps.yaml`
with one commented placeholder per national essential, which `check --strict` lists until filled).
The new community inherits the national
and provincial layers, so `check` passes and `build` works straight away. The few values only the partner
can give are placeholders (`TODO`, `À COMPLÉTER`, see placeholders.py) that `check --strict` lists one by
one; the record files hold commented examples, built from the ids the community really inherits, that
become valid records once uncommented. Nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from pathways.errors import UsageError
from pathways.i18n import LANGUAGES, N_, gettext_for
from pathways.content.ids import is_id, slug
from pathways.content.load import Content, display_path, load_content
from pathways.content.resolve import community_id as layer_community_id

PLACEHOLDER_URL = "https://TODO-A-COMPLETER.example"
REVIEW_PERIOD_DAYS = 365
PREFERRED_TOPICS = ("community-life", "languages", "work")
SETTLEMENT_WORDS = ("settlement", "integration")  # in a program's English name
# Canada's provinces and territories: folder code → (French name, English name).
PROVINCES = {
    "ab": ("Alberta", "Alberta"), "bc": ("Colombie-Britannique", "British Columbia"),
    "mb": ("Manitoba", "Manitoba"), "nb": ("Nouveau-Brunswick", "New Brunswick"),
    "nl": ("Terre-Neuve-et-Labrador", "Newfoundland and Labrador"), "ns": ("Nouvelle-Écosse", "Nova Scotia"),
    "nt": ("Territoires du Nord-Ouest", "Northwest Territories"), "nu": ("Nunavut", "Nunavut"),
    "on": ("Ontario", "Ontario"), "pe": ("Île-du-Prince-Édouard", "Prince Edward Island"),
    "qc": ("Québec", "Quebec"), "sk": ("Saskatchewan", "Saskatchewan"), "yt": ("Yukon", "Yukon"),
}


@dataclass
class Inherited:
    """Ids the new community inherits from the national and provincial layers (for the examples)."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → id → English name
    parents: dict[str, str | None] = field(default_factory=dict)  # status id → parent
    used_nearby: set[str] = field(default_factory=set)  # programs funding services of the province's towns

    def ids(self, kind: str) -> list[str]:
        return sorted(self.names.get(kind, {}))


def run_new_community(args: argparse.Namespace) -> None:
    _ = gettext_for(args.lang)
    province, community_id = parse_target(args.path, _)
    root: Path = args.content
    new_province = not province_folder(root, province, _).is_dir()
    content = load_content(root)
    refuse_existing(root, province, community_id, content, _)
    names = {"fr": args.name_fr.strip(), "en": args.name_en.strip()}
    if not all(names.values()):
        raise UsageError(_(N_("give the town's name in both languages: --name-fr \"…\" --name-en \"…\"")))
    today = current_date()
    files = province_files(root, province, content, today) if new_province else {}
    files |= scaffold_files(root, province, community_id, names, args.default_lang,
                            inherited(content, province), today)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(_(N_("Created the community '{id}':")).format(id=community_id))
    for path in files:
        print(f"  {display_path(path)}")
    print(_(N_("Next: replace every value marked TODO or À COMPLÉTER, then run:")))
    print(f"  pathways check --community {community_id} --strict")
    print(f"  pathways serve --community {community_id}")


def current_date() -> dt.date:
    """The day written in the examples' `verified_on` (tests replace this function to fix it)."""
    return dt.date.today()


def parse_target(text: str, _) -> tuple[str, str]:
    """`qc/shawinigan` (or `ca/qc/shawinigan`) → ("qc", "shawinigan"), or a usage error in plain words."""
    parts = [p for p in text.strip().strip("/").split("/") if p]
    if len(parts) == 3 and parts[0].lower() == "ca":
        parts = parts[1:]
    if len(parts) != 2:
        raise UsageError(_(N_("'{path}' is not PROVINCE/ID; write for example qc/shawinigan")).format(path=text))
    province, community_id = parts[0].lower(), parts[1]
    if not is_id(community_id):
        raise UsageError(_(N_("'{id}' cannot be a community id: use lowercase letters, digits and hyphens, "
                              "for example '{hint}'")).format(id=community_id, hint=slug(community_id, "my-town")))
    return province, community_id


def province_folder(root: Path, province: str, _) -> Path:
    national = root / "regions" / "ca"
    if not national.is_dir():
        raise UsageError(_(N_("no national content at {path}: run this command in the project folder, "
                              "or give the content folder with --content")).format(path=display_path(national)))
    known = sorted(p.name for p in national.iterdir()
                   if p.is_dir() and not p.name.startswith(".") and not (p / "community.yaml").exists())
    if province not in known and province not in PROVINCES:
        raise UsageError(_(N_("'{province}' is not a province or territory code; use one of: {codes} "
                              "(folders that already exist: {known})")).format(
            province=province, codes=", ".join(PROVINCES), known=", ".join(known) or "-"))
    return national / province  # may not exist yet: then the province layer is scaffolded too


def refuse_existing(root: Path, province: str, community_id: str, content: Content, _) -> None:
    layer = f"ca/{province}/{community_id}"
    for folder in (root / "regions" / layer, *(root / lang / layer for lang in LANGUAGES)):
        if folder.exists():
            raise UsageError(_(N_("{path} already exists: new-community never overwrites a folder. Choose "
                                  "another id, or move that folder away yourself.")).format(path=display_path(folder)))
    same = [c for c in content.communities() if layer_community_id(c) == community_id]
    if same:
        raise UsageError(_(N_("a community with the id '{id}' already exists ({path}); ids must be unique "
                              "because they are part of the guide's addresses")).format(
            id=community_id, path=display_path(root / "regions" / same[0])))


def inherited(content: Content, province: str) -> Inherited:
    """Ids the national and provincial layers define (and do not hide), as the resolve stage merges them."""
    found = Inherited()
    for layer_id in ("ca", f"ca/{province}"):
        layer = content.layers.get(layer_id)
        for kind, raws in (layer.records if layer else {}).items():
            names = found.names.setdefault(kind, {})
            for raw in raws:
                if raw.node.get("hidden") is True:
                    names.pop(raw.id, None)
                    continue
                label = raw.node.get("title") or raw.node.get("name") or names.get(raw.id) or ""
                names[raw.id] = str(label.get("en", "")) if hasattr(label, "get") else str(label)
                if kind == "statuses" and "parent" in raw.node:
                    found.parents[raw.id] = raw.node.get("parent")
    towns = [lid for lid in content.communities() if lid.startswith(f"ca/{province}/")]
    for town in towns:
        for raw in content.layers[town].records.get("services", []):
            programs = raw.node.get("programs")
            found.used_nearby.update(p for p in programs or [] if isinstance(p, str))
    return found


def example_program(known: Inherited) -> str:
    """The program a local settlement service most likely names: one the province's other towns use,
    settlement or integration first (in Québec, PASI rather than the federal program, which funds no one
    there); else any settlement program; else the first one."""
    programs = known.ids("programs")
    names = known.names.get("programs", {})
    settling = [p for p in programs if any(word in names.get(p, p).lower() for word in SETTLEMENT_WORDS)]
    for choices in ([p for p in settling if p in known.used_nearby], sorted(known.used_nearby & set(programs)),
                    settling, programs):
        if choices:
            return choices[0]
    return ""


# ---------------------------------------------------------------- the files


def province_files(root: Path, province: str, content: Content, today: dt.date) -> dict[Path, str]:
    """A new province or territory layer: its name, and one commented step per national essential."""
    folder = root / "regions" / "ca" / province
    name_fr, name_en = PROVINCES[province]
    schema = Path("../" * 4) / "schema"
    index = (f"# yaml-language-server: $schema={(schema / 'index.schema.json').as_posix()}\n"
             f"name: {{fr: {_quoted(name_fr)}, en: {_quoted(name_en)}}}\n")
    steps = (f"# yaml-language-server: $schema={(schema / 'steps.schema.json').as_posix()}\n"
             + Template(PROVINCE_STEPS_HEADER).substitute(name_fr=name_fr, name_en=name_en)
             + "".join(_essential_placeholder(e, province, content, today) for e in _essentials(content))
             + PROVINCE_STEPS_FOOTER)
    return {folder / "index.yaml": index, folder / "steps.yaml": steps}


def _essentials(content: Content) -> list[dict]:
    national = content.layers.get("ca")
    raw = national.singles.get("index") if national else None
    essentials = raw.node.get("essentials") if raw is not None else None
    return [e for e in essentials or [] if hasattr(e, "get") and e.get("id")]


def _essential_placeholder(essential: dict, province: str, content: Content, today: dt.date) -> str:
    name, hint = essential.get("name") or {}, essential.get("hint") or {}
    families = set(essential.get("families") or [])
    statuses = [raw.id for raw in content.layers["ca"].records.get("statuses", [])
                if not raw.node.get("parent") and raw.node.get("family") in families]
    return Template(ESSENTIAL_PLACEHOLDER).substitute(
        id=essential["id"], name_fr=name.get("fr", ""), name_en=name.get("en", ""),
        hint_fr=hint.get("fr", ""), hint_en=hint.get("en", ""), topic=essential.get("topic") or "community-life",
        province=province, province_upper=province.upper(), statuses=", ".join(statuses) or "pr",
        url=PLACEHOLDER_URL, today=today.isoformat())


PROVINCE_STEPS_HEADER = """\
# FR : Étapes propres à ce territoire ou à cette province ($name_fr). Chaque guide, dans chaque province et territoire, doit couvrir les
#      essentiels ci-dessous (liste nationale : content/regions/ca/index.yaml). Pour chacun : décommentez
#      l'étape (enlevez « # » au début des lignes), remplacez chaque « À COMPLÉTER » / « TODO » par
#      l'information d'une source officielle, puis supprimez la ligne « [] » à la fin du fichier.
#      `pathways check --strict` liste, avec son numéro de ligne, chaque essentiel encore manquant.
# EN : Steps specific to this territory or province ($name_en). Every guide, in every province and territory, must cover the
#      essentials below (national list: content/regions/ca/index.yaml). For each one: uncomment the step
#      (remove "# " at the start of its lines), replace every "À COMPLÉTER" / "TODO" with what an
#      official source says, then delete the "[]" line at the end of the file.
#      `pathways check --strict` lists each essential still missing, with its line number.
"""

ESSENTIAL_PLACEHOLDER = """\

# essential: $id — $name_fr / $name_en
# FR : $hint_fr
# EN : $hint_en
# - id: $province-$id
#   stage: first-weeks
#   topic: $topic
#   covers: [$id]
#   title: {fr: "À COMPLÉTER : $name_fr", en: "TODO: $name_en"}
#   body:
#     fr: "À COMPLÉTER"
#     en: "TODO"
#   applies_to: [$statuses]
#   provinces: [$province_upper]
#   references:
#     - {title: "TODO", url: "$url", kind: policy}
#   verified_on: $today
"""

PROVINCE_STEPS_FOOTER = """\

# FR : supprimez « [] » dès que vous décommentez une étape. EN: delete "[]" once you uncomment a step.
[]
"""


def scaffold_files(root: Path, province: str, community_id: str, names: dict[str, str], default_lang: str,
                   known: Inherited, today: dt.date) -> dict[Path, str]:
    layer = f"ca/{province}/{community_id}"
    folder = root / "regions" / layer
    values = _values(province, community_id, names, default_lang, known, today)
    files = {}
    for kind, template in YAML_FILES.items():
        schema = Path("../" * (len(layer.split("/")) + 2)) / "schema" / f"{kind}.schema.json"
        header = f"# yaml-language-server: $schema={schema.as_posix()}\n"
        files[folder / f"{kind}.yaml"] = header + Template(template).substitute(values)
    for lang, template in HOME.items():
        files[root / lang / layer / "home.md"] = Template(template).substitute(values)
    return files


def _values(province: str, community_id: str, names: dict[str, str], default_lang: str, known: Inherited,
            today: dt.date) -> dict[str, str]:
    topics = known.ids("topics")
    topic = next((t for t in PREFERRED_TOPICS if t in topics), topics[0] if topics else "community-life")
    program = example_program(known)
    steps = known.ids("steps")
    top_statuses = [s for s in known.ids("statuses") if not known.parents.get(s)]
    return {
        "id": community_id, "province": province.upper(), "default_lang": default_lang,
        "name_fr": _quoted(names["fr"]), "name_en": _quoted(names["en"]),
        "plain_fr": names["fr"], "plain_en": names["en"],
        "title_fr": _quoted(f"Bienvenue à {names['fr']}"), "title_en": _quoted(f"Welcome to {names['en']}"),
        "url": PLACEHOLDER_URL, "today": today.isoformat(),
        "review_by": (today + dt.timedelta(days=REVIEW_PERIOD_DAYS)).isoformat(),
        "review_days": str(REVIEW_PERIOD_DAYS), "topic": topic,
        "programs_line": f"#   programs: [{program}]\n" if program else "",
        "statuses": ", ".join(top_statuses) or "pr",
        "step_replaced": steps[0] if steps else "id-of-a-step",
        "step_hidden": steps[-1] if len(steps) > 1 else "id-of-another-step",
        "list_programs": _listing(known, "programs"), "list_topics": _wrapped(topics),
        "list_statuses": _wrapped(known.ids("statuses")), "list_steps": _listing(known, "steps"),
        "list_services": _wrapped(known.ids("services")), "list_organizations": _wrapped(known.ids("organizations")),
    }


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML), safe for any name."""
    return json.dumps(text, ensure_ascii=False)


def _listing(known: Inherited, kind: str) -> str:
    named = sorted(known.names.get(kind, {}).items())
    lines = [f"#   {rid} — {name}" if name else f"#   {rid}" for rid, name in named]
    return "\n".join(lines) or "#   -"


def _wrapped(ids: list[str], width: int = 96) -> str:
    lines, line = [], "#  "
    for rid in ids:
        if len(line) + len(rid) + 2 > width:
            lines.append(line.rstrip(","))
            line = "#  "
        line += f" {rid},"
    lines.append(line.rstrip(","))
    return "\n".join(lines) if ids else "#   -"


COMMUNITY = """\
# FR : La fiche de votre communauté. Remplacez chaque valeur qui contient « À COMPLÉTER » ou « TODO ».
#      `pathways check --strict` liste ce qui reste à remplir, avec le numéro de ligne.
# EN : Your community's card. Replace every value that contains "À COMPLÉTER" or "TODO".
#      `pathways check --strict` lists what is still to fill in, with line numbers.

# FR : l'identifiant est le nom du dossier et fait partie des adresses des pages : ne le changez pas.
# EN : the id is the folder's name and part of every page address: do not change it.
id: $id
name:
  fr: $name_fr
  en: $name_en
province: $province
# FR : taille de la communauté selon IRCC : large-urban, medium, small, rural ou remote.
# EN : IRCC community tier: large-urban, medium, small, rural or remote.
tier: small
default_language: $default_lang
languages: [fr, en]
# FR : l'adresse web où le guide sera publié ; elle est imprimée dans les codes QR des livrets.
#      Remplacez-la par la vraie adresse, par exemple https://www.ma-ville.ca/guide-$id
# EN : the web address where the guide will be published; it is printed in the booklets' QR codes.
#      Replace it with the real address, for example https://www.my-town.ca/guide-$id
base_url: $url/$id
"""

INDEX = """\
# FR : Les fiches de ce dossier qui n'ont pas de `review_by` sont à revérifier après ce nombre de jours
#      après leur `verified_on` ; `pathways check` le rappelle quand la date est passée.
# EN : Records in this folder without a `review_by` must be checked again this many days after their
#      `verified_on`; `pathways check` reminds you when that day has passed.
name:
  fr: $name_fr
  en: $name_en
review_period_days: $review_days
"""

ORGANIZATIONS = """\
# FR : Les organismes de $plain_fr qui offrent des services aux personnes immigrantes.
#      Pour en ajouter un, copiez l'exemple et enlevez « # » au début de ses lignes.
#      Ne publiez que ce qu'une source publique confirme (le site de l'organisme) : jamais de
#      téléphone, d'adresse ou d'horaire deviné.
# EN : The organizations in $plain_en that offer services to immigrants.
#      To add one, copy the example and remove "# " at the start of its lines.
#      Publish only what a public source confirms (the organization's website): never a guessed
#      phone number, address or opening hours.
#
# FR : Organismes déjà hérités (vous pouvez les utiliser) / EN : Inherited organizations (you may use them):
$list_organizations
#
# FR : Donnez à chaque organisme un id court (ex. : centre-accueil-$id) ; les services et les lieux
#      le nomment dans `organization:`.
# EN : Give each organization a short id (e.g. welcome-centre-$id); services and places name it in
#      `organization:`.
# - id: welcome-centre
#   name: {fr: "À COMPLÉTER : nom de l'organisme", en: "TODO: name of the organization"}
#   description: {fr: "À COMPLÉTER : ce qu'il fait, en une phrase.", en: "TODO: what it does, in one sentence."}
#   url: $url
#   # FR : votre organisme d'accueil : check --strict exige alors un téléphone ou une adresse.
#   # EN : your settlement organization: check --strict then requires a phone or an address.
#   key_contact: settlement
#   references:
#     - {source: welcome-centre-site, verified_on: $today}
#   verified_on: $today
"""

SERVICES = """\
# FR : Les services offerts à $plain_fr. Copiez un exemple et enlevez « # » au début de ses lignes.
#      Qui peut utiliser un service : par défaut, ce que disent les programmes qui le financent
#      (`programs`) ; ou bien sa propre règle (`eligibility`), qui remplace alors celle des programmes.
# EN : The services offered in $plain_en. Copy an example and remove "# " at the start of its lines.
#      Who may use a service: by default, what the programs that fund it say (`programs`); or its own
#      rule (`eligibility`), which then replaces the programs' rule.
#
# FR : Programmes hérités / EN : Inherited programs:
$list_programs
# FR : Thèmes (topics) / EN : Topics:
$list_topics
# FR : Statuts / EN : Statuses:
$list_statuses
# FR : Services hérités (même id ici = vous remplacez les champs que vous donnez)
# EN : Inherited services (the same id here = you replace the fields you give):
$list_services
#
# FR : Exemple 1 : un service financé par un programme ; son admissibilité suit le programme.
# EN : Example 1: a service funded by a program; who may use it follows the program.
# - id: $id-settlement-help
#   organization: welcome-centre
#   name: {fr: "À COMPLÉTER : nom du service", en: "TODO: name of the service"}
#   description: {fr: "À COMPLÉTER : ce que le service offre.", en: "TODO: what the service offers."}
#   topics: [$topic]
$programs_line#   languages: [fr, en]
#   application_process: {fr: "À COMPLÉTER : appeler, se présenter, être dirigé…", en: "TODO: call, walk in, be referred…"}
#   references:
#     - {source: welcome-centre-site, verified_on: $today}
#   verified_on: $today
#
# FR : Exemple 2 : un service avec sa propre règle (ici : ouvert à tous, d'après l'organisme).
# EN : Example 2: a service with its own rule (here: open to everyone, says the organization).
# - id: $id-community-meals
#   organization: welcome-centre
#   name: {fr: "À COMPLÉTER : nom du service", en: "TODO: name of the service"}
#   description: {fr: "À COMPLÉTER : ce que le service offre.", en: "TODO: what the service offers."}
#   topics: [$topic]
#   eligibility:
#     values:
#       $today:
#         others: eligible
#         references:
#           - {source: welcome-centre-site, verified_on: $today}
#         verified_on: $today
#         review_by: $review_by
#   references:
#     - {source: welcome-centre-site, verified_on: $today}
#   verified_on: $today
"""

STEPS = """\
# FR : Les étapes du parcours propres à $plain_fr. Les étapes nationales et provinciales sont déjà
#      là ; ici, vous en ajoutez, vous changez leur texte ou vous cachez celles qui ne s'appliquent pas.
# EN : The pathway steps specific to $plain_en. National and provincial steps are already there;
#      here you add steps, change their text, or hide those that do not apply.
#
# FR : Étapes héritées / EN : Inherited steps:
$list_steps
# FR : Étapes (stage) / EN : Stages: before-arrival, first-days, first-weeks, first-months, first-year, citizenship
# FR : Thèmes / EN : Topics:
$list_topics
# FR : Statuts / EN : Statuses:
$list_statuses
#
# FR : Exemple 1 : ajouter une étape locale.
# EN : Example 1: add a local step.
# - id: $id-welcome-visit
#   stage: first-weeks
#   topic: $topic
#   title: {fr: "À COMPLÉTER : l'action, en quelques mots", en: "TODO: the action, in a few words"}
#   body: {fr: "À COMPLÉTER : quoi faire et pourquoi.", en: "TODO: what to do and why."}
#   applies_to: [$statuses]
#   references:
#     - {source: welcome-centre-site, verified_on: $today}
#   verified_on: $today
#
# FR : Exemple 2 : changer le texte d'une étape héritée (seuls les champs donnés changent).
# EN : Example 2: change the text of an inherited step (only the fields you give change).
# - id: $step_replaced
#   body: {fr: "À COMPLÉTER : le texte pour $plain_fr.", en: "TODO: the text for $plain_en."}
#
# FR : Exemple 3 : cacher une étape héritée qui ne s'applique pas ici.
# EN : Example 3: hide an inherited step that does not apply here.
# - id: $step_hidden
#   hidden: true
"""

LOCATIONS = """\
# FR : Les lieux où les services sont offerts. Une adresse seulement si une source publique la confirme.
#      Ensuite, ajoutez `locations: [id-du-lieu]` au service.
# EN : The places where services are offered. An address only if a public source confirms it.
#      Then add `locations: [id-of-the-place]` to the service.
#
# - id: welcome-centre-office
#   organization: welcome-centre
#   name: {fr: "À COMPLÉTER : nom du lieu", en: "TODO: name of the place"}
#   address:
#     address_1: "TODO: number and street"
#     city: $name_fr
#     state_province: $province
#   references:
#     - {source: welcome-centre-site, verified_on: $today}
#   verified_on: $today
"""

SOURCES = """\
# FR : Les pages publiques sur lesquelles s'appuie le guide de $plain_fr, chacune une seule fois. Les fiches
#      les citent par leur id : `references: [{source: id, verified_on: AAAA-MM-JJ}]`, la date étant le jour
#      où vous avez ouvert la page et confirmé ce qu'elle dit. Vous pouvez aussi citer les sources nationales
#      et provinciales.
# EN : The public pages the guide of $plain_en relies on, each once. Records cite them by id:
#      `references: [{source: id, verified_on: YYYY-MM-DD}]`, the date being the day you opened the page and
#      confirmed what it says. You may also cite the national and provincial sources.
#
# - id: welcome-centre-site
#   title: "TODO: title of the source page"
#   url: $url
#   kind: practice
#   publisher: "TODO: who publishes it"
"""

YAML_FILES = {
    "community": COMMUNITY, "index": INDEX, "sources": SOURCES, "organizations": ORGANIZATIONS,
    "services": SERVICES, "steps": STEPS, "locations": LOCATIONS,
}

HOME = {
    "fr": """\
---
title: $title_fr
---
À COMPLÉTER : deux ou trois phrases d'accueil pour les personnes qui arrivent à $plain_fr : où trouver de l'aide en premier, et dans quelles langues.
""",
    "en": """\
---
title: $title_en
---
TODO: two or three welcoming sentences for people arriving in $plain_en: where to find help first, and in which languages.
""",
}
