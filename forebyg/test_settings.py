"""Small overrides for the test suite (and the browser tests' server)."""

from forebyg.settings import *  # noqa: F403
from forebyg.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve static files straight from the sources, no collectstatic
STATIC_ROOT = None
# The test client speaks plain HTTP; cookies keep their production flags.
SECURE_SSL_REDIRECT = False
