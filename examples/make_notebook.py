"""Write ``examples/peru-api.ipynb`` from the cells below (run it after editing them; the tests
execute the notebook, offline, with the project's own kernel)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def code(source: str) -> nbformat.NotebookNode:
    """A code cell (written with single quotes here, stored with double quotes as ruff formats
    them)."""
    return new_code_cell(source.replace("'", '"'))


CELLS = [
    new_markdown_cell(
        "# The Peru case through the concierto Python API\n\n"
        "This notebook loads the bundled example — Peru's National Policy for the Modernization "
        "of Public Management (PNMGP), after Franco Mayorga (2018) — into a fresh database and "
        "takes it through the measures to tables and charts. Its institutional facts carry "
        "citations; its interview transcripts and several records are **illustrative**, "
        "written by the concierto team. Everything runs offline; pandas and plotly are needed "
        "for the tables and charts only."
    ),
    code(
        "import tempfile\n"
        "from pathlib import Path\n\n"
        "import plotly.express as px\n"
        "import plotly.io as pio\n\n"
        "import concierto\n"
        "from concierto.examples import example_path\n\n"
        "pio.renderers.default = 'plotly_mimetype'  # figures travel as data, no script fetched\n"
        "project = concierto.open(Path(tempfile.mkdtemp()) / 'peru.db')\n"
        "case = project.load(example_path('peru-pnmgp'))\n"
        "project.cases()"
    ),
    new_markdown_cell("## The actors and the structure of the executive (M1)"),
    code(
        "actors = case.actors().to_frame()\n"
        "actors.groupby(['sector', 'kind']).size().unstack(fill_value=0)"
    ),
    code(
        "structure = case.measure.structure().to_frame().set_index('figure')['value']\n"
        "structure.loc[['actors', 'ministries', 'agencies', 'agencification', 'span_max']]"
    ),
    new_markdown_cell("## The coordination network (M2)"),
    code(
        "layers = case.measure.network().to_frame()\n"
        "layers[['layer', 'actors', 'ties', 'density', 'fragmentation', 'weak_components']]"
    ),
    code(
        "px.bar(layers, x='layer', y='density', title='Density of each layer of the network')"
    ),
    code(
        "brokers = case.measure.brokerage(group_by='sector').to_frame()\n"
        "brokers.sort_values('total', ascending=False).head()"
    ),
    new_markdown_cell("## Metcalfe's scale (M3) and the coordination gaps"),
    code(
        "metcalfe = case.measure.metcalfe()\n"
        "print(metcalfe.title)\n"
        "pairs = metcalfe.to_frame()\n"
        "px.histogram(pairs, x='score', nbins=9, title='Metcalfe score of the pairs of actors')"
    ),
    code("case.measure.gaps().to_frame()[['rank', 'actor_a', 'actor_b', 'stakes']]"),
    new_markdown_cell("## Coherence: cross-impact analysis and alignment (M4)"),
    code(
        "influence = case.measure.crossimpact().to_frame()\n"
        "px.scatter(\n"
        "    influence,\n"
        "    x='out',\n"
        "    y='in',\n"
        "    text='id',\n"
        "    title='Influence given (out) and received (in) by each objective',\n"
        ")"
    ),
    code("case.measure.centrifugal().to_frame()[['actor', 'index', 'objectives']]"),
    new_markdown_cell("## Agreement between the coders (M5)"),
    code(
        "coders = list(case.evidence().coders[:2])\n"
        "agreement = case.agreement(coders, unit='sentence')\n"
        "agreement.to_frame()[['code', 'coders', 'units', 'alpha', 'cohen_kappa']]"
    ),
    new_markdown_cell("## The diagnosis (M7)"),
    code(
        "diagnosis = case.diagnosis()\ndiagnosis.to_frame()[['dimension', 'status', 'rule']]"
    ),
    code("case.diagnosis(view='statements').to_frame()[['statement', 'holds']]"),
    new_markdown_cell(
        "## Your own data\n\nThe measures also take plain inputs, with no database: here the "
        "information-exchange ties of the case as an edge list."
    ),
    code(
        "edges = case.ties(layer='information_exchange').to_frame()[['from', 'to']]\n"
        "sectors = dict(zip(actors['id'], actors['sector'], strict=True))\n"
        "concierto.brokerage_roles(edges, sectors).to_frame().query('total > 0')"
    ),
    code("project.close()"),
]


def notebook() -> nbformat.NotebookNode:
    """The notebook, without outputs."""
    return new_notebook(
        cells=CELLS,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )


if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "peru-api.ipynb"
    nbformat.write(notebook(), target)
    print(f"wrote {target}")
