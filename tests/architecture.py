"""An import-linter contract of our own (pyproject.toml, docs/decisions/0009): an app is
used by other apps only through its `api` module, so that what it offers is one short
list, and everything else in it can change without breaking another app."""

from importlinter import Contract, ContractCheck, fields, output


class ApiOnlyContract(Contract):
    type_name = "api_only"

    apps = fields.ListField(subfield=fields.StringField())
    # "importer -> imported" pairs allowed for now, each with its reason in pyproject.toml.
    allowed = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph, verbose: bool) -> ContractCheck:  # noqa: ANN001 (grimp's graph)
        allowed = {tuple(part.strip() for part in pair.split("->")) for pair in self.allowed or []}
        violations = sorted(
            (importer, imported)
            for app in self.apps
            for importer in graph.find_descendants(app) | {app}
            if ".migrations" not in importer
            for imported in graph.find_modules_directly_imported_by(importer)
            if self._reaches_inside(app, imported) and (importer, imported) not in allowed
        )
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def _reaches_inside(self, app: str, imported: str) -> bool:
        other = imported.split(".")[0]
        return other != app and other in self.apps and imported not in (other, f"{other}.api")

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported in check.metadata["violations"]:
            app = imported.split(".")[0]
            output.print_error(f"{importer} imports {imported}: import it from {app}.api")
            output.new_line()
