"""The copy's code drawn for scanners: a QR code and a Code 128 barcode, as inline SVG.

The encodings come from well-kept libraries (`qrcode` for the QR matrix,
`python-barcode` for the Code 128 modules, with its automatic switch to the
digit-pair set C); we draw only the squares and bars, as SVG written here
from numbers alone. Inline SVG because the PDF renderer fetches nothing but
our static files (documents/pdf/fetcher.py refuses even `data:` URLs), and
each symbol has a viewBox so that the template sizes it in millimetres.

What is encoded is `Copy.label` (`BGS-2026-00017-003`): exactly what the
inventory scan, the scanned stack and the top bar's find box read
(documents/codes.py), so scanning a label anywhere opens the copy.
"""

import barcode
import qrcode
from django.utils.safestring import mark_safe

# Quiet zones, in modules: 4 around a QR code and 10 either side of a barcode, as the standards ask.
QR_BORDER = 4
BAR_QUIET = 10


def qr_svg(text) -> str:
    """A QR code of `text` (error correction M: a label survives a scuff) as an <svg> element."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()  # border included
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    # Safe by construction: numbers and fixed markup only.
    return mark_safe(  # nosec B703 B308
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )


def code128_modules(text) -> str:
    """The Code 128 modules of `text` as "1"s (bar) and "0"s (space), start, check and stop included."""
    (modules,) = barcode.get("code128", text).build()
    return modules


def code128_svg(text) -> str:
    """A Code 128 barcode of `text` as an <svg> element; stretched to the width the template gives it."""
    modules = "0" * BAR_QUIET + code128_modules(text) + "0" * BAR_QUIET
    bars, start = [], None
    for x, module in enumerate(modules + "0"):
        if module == "1" and start is None:
            start = x
        elif module == "0" and start is not None:
            bars.append(f"M{start},0h{x - start}v1h-{x - start}z")
            start = None
    width = len(modules)
    # Safe by construction: numbers and fixed markup only.
    return mark_safe(  # nosec B703 B308
        f'<svg class="barcode" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 1" preserveAspectRatio="none" '
        f'shape-rendering="crispEdges"><rect width="{width}" height="1" fill="#fff"/><path d="{"".join(bars)}" fill="#000"/></svg>'
    )
