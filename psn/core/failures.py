"""What went wrong, in words: `could not connect` rather than `(ConnectError)`.

Messages people read name the failure, never a Python class. Matched by class name along the
exception's MRO, so psn/core needs no httpx or jinja2 import to describe their errors.
"""

from __future__ import annotations

IN_WORDS = {
    "ConnectError": "could not connect",
    "ConnectTimeout": "connecting timed out",
    "ReadTimeout": "no answer in time",
    "WriteTimeout": "sending timed out",
    "PoolTimeout": "too many requests at once",
    "TimeoutException": "timed out",
    "RemoteProtocolError": "the connection dropped",
    "ReadError": "the connection broke",
    "WriteError": "the connection broke",
    "ProxyError": "the proxy refused the connection",
    "UnsupportedProtocol": "not an http(s) address",
    "TooManyRedirects": "too many redirects",
    "SSLCertVerificationError": "its TLS certificate could not be verified",
    "SSLError": "a TLS error",
    "NetworkError": "a network error",
    "TransportError": "a network error",
    "ConnectionRefusedError": "connection refused",
    "TimeoutError": "timed out",
    "PermissionError": "permission denied",
    "FileNotFoundError": "no such file",
    "IsADirectoryError": "it is a folder",
    "UnicodeDecodeError": "not UTF-8 text",
    "JSONDecodeError": "not valid JSON",
    "TOMLDecodeError": "not valid TOML",
    "TemplateSyntaxError": "a template syntax error",
    "UndefinedError": "the template uses a name it is not given",
    "TemplateError": "a template error",
    "ValueError": "an invalid value",
    "OSError": "a system error",
}


def in_words(exc: BaseException) -> str:
    """A short phrase for what `exc` means to a person ("could not connect"), never its class name."""
    for cls in type(exc).__mro__:
        if cls.__name__ in IN_WORDS:
            return IN_WORDS[cls.__name__]
    return "an unexpected error (details are in the log)"
