"""Reading printed ledgers back in tests: text per page, with pypdf (or pdftotext if pypdf is missing)."""

import io
import re
import shutil
import subprocess


def page_texts(pdf: bytes) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is installed with the project; pdftotext is the fallback
        return _pdftotext_pages(pdf)
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _pdftotext_pages(pdf):
    if not shutil.which("pdftotext"):
        raise RuntimeError("Neither pypdf nor pdftotext is installed: run `make install system-deps`.")
    output = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return output.decode().split("\f")[:-1]


def flat(text: str) -> str:
    """Text without line breaks and runs of spaces: table cells wrap wherever the column is narrow."""
    return re.sub(r"\s+", "", text)
