"""How an amount of quota is written for people ("$12.34", "1,234 tokens", "12.34 CNY"), and which
amounts a gateway can mean at all.

Its own module, without network imports, so that the resident tray can word amounts without
loading httpx or ssl (tests/tray/test_tray_gui.py checks that); app.core.net.quota uses it too.
"""

from __future__ import annotations

import math

# No key has a trillion dollars (or tokens) of quota, nor owes as much: a gateway reporting more
# is broken or hostile, and the number is not shown as if it meant something.
MAX_PLAUSIBLE_AMOUNT = 1e12


def is_plausible_amount(amount: float) -> bool:
    """Finite and within ±:data:`MAX_PLAUSIBLE_AMOUNT`."""
    return math.isfinite(amount) and abs(amount) <= MAX_PLAUSIBLE_AMOUNT


def format_amount(amount: float, unit: str) -> str:
    if not is_plausible_amount(amount):
        return "?"  # never a 309-digit number; the quota reader refuses such answers anyway
    if unit.upper() == "USD":
        return f"${amount:,.2f}"
    if unit == "tokens":
        return f"{amount:,.0f} tokens"
    return f"{amount:,.2f} {unit[:12]}"
