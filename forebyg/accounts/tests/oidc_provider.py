"""A small OpenID Connect provider inside the test suite: it signs ID tokens with a key made here
and answers the HTTP calls the relying party makes (token and JWKS endpoints) through a mock of
`requests`, so the whole code flow runs through our callback view without any network."""

import base64
import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

ISSUER = "https://idp.example.test"
AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
TOKEN_ENDPOINT = f"{ISSUER}/token"
JWKS_ENDPOINT = f"{ISSUER}/jwks"
USERINFO_ENDPOINT = f"{ISSUER}/userinfo"
CLIENT_ID = "forebyg-test"
CLIENT_SECRET = "test-client-secret-not-for-production"
SUBJECT_CLAIM = "https://data.gov.dk/model/core/eid/professional/uuid/persistent"
CVR_CLAIM = "https://data.gov.dk/model/core/eid/professional/cvr"
LOA_CLAIM = "https://data.gov.dk/concept/core/nsis/loa"
AARHUS_CVR = "11111111"
RANDERS_CVR = "22222222"
POLICE_CVR = "33333333"
ORGANISATIONS = [
    f"{AARHUS_CVR}:aarhus-kommune",
    f"{RANDERS_CVR}:randers-kommune",
    f"{POLICE_CVR}:oestjyllands-politi",
]


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


class FakeResponse:
    """Just what mozilla-django-oidc and our backend read of a `requests` response."""

    def __init__(self, status_code: int, body: Any, url: str = "") -> None:
        self.status_code = status_code
        self._body = body
        self.url = url
        self.text = json.dumps(body)
        self.headers = {"content-type": "application/json"}

    def json(self) -> Any:
        return self._body

    def raise_for_status(self) -> None:
        import requests

        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}", response=self)  # type: ignore[arg-type]


@dataclass
class Grant:
    """One authorisation the provider handed out: what the token for its code will say."""

    nonce: str
    code_challenge: str
    claims: dict[str, Any]


@dataclass
class FakeProvider:
    key: Any
    algorithm: str = "RS256"
    kid: str = "key-1"
    grants: dict[str, Grant] = field(default_factory=dict)
    # Replaces the signed ID token for the next grant: tests of tampered tokens set it.
    forge: Any = None
    userinfo: dict[str, Any] | None = None
    token_status: int = 200

    def jwks(self) -> dict[str, Any]:
        tool = RSAAlgorithm if self.algorithm.startswith("RS") else ECAlgorithm
        public = tool.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "alg": self.algorithm, "use": "sig"}]}

    def claims_for(self, subject: str, *, cvr: str = AARHUS_CVR, loa: str = "Substantial"):
        now = int(time.time())
        return {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": f"pseudonym-{subject}",
            "iat": now,
            "exp": now + 300,
            SUBJECT_CLAIM: subject,
            CVR_CLAIM: cvr,
            LOA_CLAIM: loa,
        }

    def sign(self, claims: dict[str, Any], key: Any = None, **headers: Any) -> str:
        return jwt.encode(
            claims,
            key or self.key,
            algorithm=headers.pop("algorithm", self.algorithm),
            headers={"kid": self.kid, **headers},
        )

    def authorize(self, redirect_url: str, claims: dict[str, Any]) -> tuple[str, str]:
        """The provider's login page: read our redirect, remember the grant, return code, state."""
        params = {k: v[0] for k, v in parse_qs(urlsplit(redirect_url).query).items()}
        assert redirect_url.startswith(AUTHORIZATION_ENDPOINT)
        assert params["client_id"] == CLIENT_ID
        assert params["code_challenge_method"] == "S256"
        code = f"code-{len(self.grants)}"
        self.grants[code] = Grant(params["nonce"], params["code_challenge"], claims)
        return code, params["state"]

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> FakeResponse:
        assert url == TOKEN_ENDPOINT
        grant = self.grants.get(data["code"])
        if self.token_status != 200 or grant is None or not _pkce_ok(grant, data):
            return FakeResponse(self.token_status if grant else 400, {"error": "invalid_grant"})
        assert (data["client_id"], data["client_secret"]) == (CLIENT_ID, CLIENT_SECRET)
        claims = {**grant.claims, "nonce": grant.nonce}
        id_token = self.forge(self, claims) if self.forge else self.sign(claims)
        return FakeResponse(
            200, {"id_token": id_token, "access_token": "access", "token_type": "Bearer"}
        )

    def get(self, url: str, **kwargs: Any) -> FakeResponse:
        if url == JWKS_ENDPOINT:
            return FakeResponse(200, self.jwks())
        assert url == USERINFO_ENDPOINT
        return FakeResponse(200, self.userinfo or {})


def _pkce_ok(grant: Grant, data: dict[str, Any]) -> bool:
    digest = hashlib.sha256(data.get("code_verifier", "").encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == grant.code_challenge


def configure(settings: Any, algorithm: str = "RS256") -> None:
    """Switch OIDC on against the fake provider (pytest-django's `settings` fixture)."""
    settings.FOREBYG_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        settings.FOREBYG_OIDC_BACKEND,
    ]
    settings.OIDC_OP_ISSUER = ISSUER
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = AUTHORIZATION_ENDPOINT
    settings.OIDC_OP_TOKEN_ENDPOINT = TOKEN_ENDPOINT
    settings.OIDC_OP_JWKS_ENDPOINT = JWKS_ENDPOINT
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = algorithm
    settings.FOREBYG_OIDC_ORGANISATIONS = ORGANISATIONS
    settings.FOREBYG_OIDC_DEFAULT_LOA = "substantial"
    settings.FOREBYG_OIDC_ROLE_LOA = ["police_coordinator:high"]
    settings.FOREBYG_OIDC_CREATE_USERS = False
