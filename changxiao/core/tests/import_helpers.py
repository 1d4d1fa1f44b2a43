"""Reading the import page's row-by-row error table in tests."""

from html.parser import HTMLParser


class _ErrorTable(HTMLParser):
    """The cells of the rendered error table, as (row, column, value, problem) tuples."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = self.in_body = self.in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "import-errors") in attrs:
            self.inside = True
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_cell = False
        elif tag == "table":
            self.inside = self.in_body = False

    def handle_data(self, data):
        if self.in_cell:
            self.rows[-1][-1] += data.strip()


def error_table(response) -> list[tuple[str, ...]]:
    parser = _ErrorTable()
    parser.feed(response.content.decode())
    return [tuple(row) for row in parser.rows]
