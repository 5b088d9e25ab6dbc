"""Run the gateway imitation by hand: ``python -m tests.gateway --port 8787 [--tls]``."""

from __future__ import annotations

import argparse
import threading

from tests.gateway.server import GOOD_KEY, GatewayImitation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.gateway",
        description="A TokenPool-like gateway on 127.0.0.1, for trying the app by hand.",
    )
    parser.add_argument("--port", type=int, default=8787, help="port on 127.0.0.1 (0 = any free)")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a throwaway CA")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before every answer")
    parser.add_argument("--routing", choices=("sub2api", "flat"), default="sub2api")
    parser.add_argument(
        "--quota-style", choices=("sub2api", "newapi", "oneapi", "none"), default="sub2api"
    )
    parser.add_argument("--reply-text", default="pong", help="what /responses answers")
    args = parser.parse_args(argv)

    gateway = GatewayImitation(tls=args.tls, port=args.port)
    gateway.latency_ms = args.latency_ms
    gateway.routing = args.routing
    gateway.quota_style = None if args.quota_style == "none" else args.quota_style
    gateway.reply_text = args.reply_text
    with gateway:
        print(f"TokenPool gateway imitation at {gateway.url}", flush=True)
        print(f"Good API key: {GOOD_KEY}", flush=True)
        if gateway.ca_pem is not None:
            print(f"CA certificate (for SSL_CERT_FILE): {gateway.ca_pem}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nStopping.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
