"""Change log, batches, envelope crypto, merge, transports and the county server. Never imports Qt.

Importing sync has the county stamp its own changes in every commit on its database (`sync.trunk.stamp_if_county`,
a commit hook of `forms.store`): a roster imported there, a 分户, a save in the editor, any path that writes through
forms, which may not import sync. Every program that opens a county's database has imported sync first (``anju``
starts in `desktop.cli`, which registers sync's commands; the county is made by sync), so no path that opens a
store can forget it.
"""

from sqlalchemy import Connection

from forms.store import run_before_every_commit


def _stamp_if_county(conn: Connection) -> None:
    from .trunk import stamp_if_county  # loaded at the first commit, so that ``anju --help`` loads no more of sync

    stamp_if_county(conn)


run_before_every_commit(_stamp_if_county)
