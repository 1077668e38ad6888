"""The daemon and the CLI write the same database at once: no "database is locked", nothing lost."""

from daemon_helpers import psn_home, wait_until
from sqlalchemy import text

from psn.notify import enqueue_notification

COUNT = 300


def test_daemon_delivers_while_the_cli_queues(cli, app):
    assert cli("config", "set", "notify.channels", '["log"]').exit_code == 0
    assert cli("config", "set", "daemon.schedules", '["notify = every 1s"]').exit_code == 0
    assert cli("daemon", "start").exit_code == 0
    try:
        for number in range(COUNT):  # the "CLI" side: one write transaction each, as `psn notify queue` does
            enqueue_notification(app, "test.load", f"note {number}", dedupe_key=f"load:{number}")

        def all_handled() -> bool:
            with app.db.engine.connect() as conn:
                return conn.execute(text("SELECT COUNT(*) FROM notifications WHERE status='queued'")).scalar() == 0

        wait_until(all_handled, timeout_s=180, what="the daemon to deliver every notification")
    finally:
        assert cli("daemon", "stop").exit_code == 0
    with app.db.engine.connect() as conn:
        statuses = dict(conn.execute(text("SELECT status, COUNT(*) FROM notifications GROUP BY status")).all())
        deliveries = conn.execute(text("SELECT COUNT(*), COUNT(DISTINCT notification_id) FROM "
                                       "notification_deliveries WHERE channel='log' AND outcome='sent'")).one()
        errors = conn.execute(text("SELECT COUNT(*) FROM job_runs WHERE outcome NOT IN ('ok','idle')")).scalar()
    assert statuses == {"sent": COUNT}
    assert tuple(deliveries) == (COUNT, COUNT)  # each exactly once
    assert errors == 0
    logs = psn_home() / "state" / "logs"
    for name in ("daemon.log", "daemon.out"):
        content = (logs / name).read_text() if (logs / name).exists() else ""
        assert "database is locked" not in content
