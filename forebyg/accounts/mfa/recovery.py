"""Recovery codes: django-otp static tokens, shown once, each usable once."""

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"


def replace_recovery_codes(user: object) -> list[str]:
    """New recovery codes for the user; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_device(user: object) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def remaining(device: StaticDevice) -> int:
    return device.token_set.count()
