"""Database settings built from URLs (dj-database-url), kept apart so that tests build the same ones."""

import dj_database_url


def replica_database(url, *, conn_max_age=0):
    """The `replica` alias for REPLICA_DATABASE_URL (secrecy_registry/replica.py routes to it).

    Every transaction on it is read-only, whatever the server: a replica that
    is in fact a writable copy still refuses a write that went astray. In
    tests it is the test database's mirror, never a test database of its own.
    """
    database = dj_database_url.parse(url, conn_max_age=conn_max_age)
    options = database.setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c default_transaction_read_only=on"]))
    # A replica that does not answer is given up on quickly: its reads go to the primary (secrecy_registry/replica.py).
    options.setdefault("connect_timeout", 3)
    database["TEST"] = {"MIRROR": "default"}
    return database
