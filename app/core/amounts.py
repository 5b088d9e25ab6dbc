"""How an amount of quota is written for people ("$12.34", "1,234 tokens", "12.34 CNY").

Its own module, without network imports, so that the resident tray can word amounts without
loading httpx or ssl (tests/test_tray_gui.py checks that); app.core.net.quota uses it too.
"""

from __future__ import annotations


def format_amount(amount: float, unit: str) -> str:
    if unit.upper() == "USD":
        return f"${amount:,.2f}"
    if unit == "tokens":
        return f"{amount:,.0f} tokens"
    return f"{amount:,.2f} {unit}"
