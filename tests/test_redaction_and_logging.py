import logging

from psn.core.log import configure_logging
from psn.core.redact import redact, redact_obj, register_secret


def test_shapes_are_masked():
    samples = {
        "Authorization: Bearer abcdefghijklmnop": "abcdefghijklmnop",
        "GET /me?access_token=EAAB123456&fields=id": "EAAB123456",
        '{"refresh_token": "rt-987654321"}': "rt-987654321",
        "client_secret=s3cr3tvalue&code=1": "s3cr3tvalue",
        "headers={'authorization': 'Basic dXNlcjpwYXNz'}": "dXNlcjpwYXNz",
        "x-hub-signature-256: sha256=deadbeefcafe": "deadbeefcafe",
    }
    for text, secret in samples.items():
        assert secret not in redact(text), text


def test_registered_values_are_masked_anywhere():
    register_secret("plain-looking-value-42")
    assert redact("oops plain-looking-value-42 leaked") == "oops *** leaked"


def test_redact_obj_masks_secret_keys():
    out = redact_obj({"access_token": "zzz", "nested": [{"password": "p"}], "name": "ok"})
    assert out == {"access_token": "***", "nested": [{"password": "***"}], "name": "ok"}


def test_log_file_is_redacted_and_private(tmp_path):
    log_file = tmp_path / "logs" / "psn.log"
    logger = configure_logging(log_file)
    register_secret("supersecret-token-1")
    logger.info("calling with %s", "supersecret-token-1")
    try:
        raise ValueError("bad access_token=abcdef999")
    except ValueError:
        logging.getLogger("psn.test").exception("failed")
    for handler in logger.handlers:
        handler.flush()
    text = log_file.read_text()
    assert "supersecret-token-1" not in text
    assert "abcdef999" not in text
    assert "ValueError" in text
    assert oct(log_file.stat().st_mode & 0o777) == "0o600"
