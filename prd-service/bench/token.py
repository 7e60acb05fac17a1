#!/usr/bin/env python3
"""Mints an RS256 access token the benchmark service accepts (stdlib + the openssl CLI, no JWT library).

usage: token.py PRIVATE_KEY_PEM SUBJECT EMAIL NAME [ISSUER] [AUDIENCE]
"""
import base64, json, subprocess, sys, time


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    key, sub, email, name = sys.argv[1:5]
    issuer = sys.argv[5] if len(sys.argv) > 5 else "https://auth.prdtool.bench"
    audience = sys.argv[6] if len(sys.argv) > 6 else "prdtool-api"
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": "bench"}
    claims = {"iss": issuer, "aud": audience, "sub": sub, "upn": email, "email": email, "name": name,
              "groups": [], "iat": now, "exp": now + 6 * 3600}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input.encode(),
                         capture_output=True, check=True).stdout
    print(signing_input + "." + b64(sig))


if __name__ == "__main__":
    main()
