"""Compiled Jinja templates, kept for the life of the process and between processes.

Compiling the theme's and the library's templates is most of what the first build in a
process costs (about half a second). :data:`COMPILED` keeps the compiled code in memory and,
like Python's ``__pycache__``, in a cache folder on disk, so that the next ``policy-site``
command starts warm:

- ``$POLICY_SITE_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/policy-site``, else
  ``~/.cache/policy-site``; safe to delete at any time; when it cannot be written, the cache
  is kept in memory only.
- An entry is used only if its SHA-256 matches, it was made for the same source text (Jinja
  checks) and by an environment with the same settings (part of the key): a damaged or stale
  file is compiled again, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import jinja2
import jinja2.bccache


def cache_dir() -> Path:
    configured = os.environ.get("POLICY_SITE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-site"


def _settings(env: jinja2.Environment) -> str:
    """What, besides the source, decides the code Jinja generates for a template."""
    autoescape = env.autoescape
    return repr(
        (
            type(env).__module__,
            type(env).__qualname__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            sorted(env.extensions),
            env.optimized,
            env.finalize is not None,
            autoescape if isinstance(autoescape, bool) else autoescape.__qualname__,
            env.is_async,
            jinja2.__version__,
        )
    )


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.memory: dict[str, bytes] = {}

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        data = f"{bucket.key}\n{_settings(bucket.environment)}".encode()
        return hashlib.sha256(data).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key = self._key(bucket)
        code = self.memory.get(key)
        if code is None:
            code = self._read(key)
        if code is not None:
            self.memory[key] = code
            bucket.bytecode_from_string(code)  # Jinja resets it if made for other source text

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key = self._key(bucket)
        code = self.memory[key] = bucket.bytecode_to_string()
        self._write(key, code)

    def _read(self, key: str) -> bytes | None:
        if self.directory is None:
            return None
        try:
            raw = (self.directory / key).read_bytes()
        except OSError:
            return None
        digest, code = raw[:32], raw[32:]
        return code if hashlib.sha256(code).digest() == digest else None

    def _write(self, key: str, code: bytes) -> None:
        if self.directory is None:
            return
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(hashlib.sha256(code).digest() + code)
            os.replace(tmp, self.directory / key)  # readers see the old file or the new one
        except OSError:
            self.directory = None  # not writable: keep to memory from now on
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


COMPILED = CompiledTemplates(cache_dir() / "jinja")
