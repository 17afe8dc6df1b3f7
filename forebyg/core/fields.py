"""Model fields that keep personal data encrypted in the database (see forebyg.core.crypto)."""

from typing import Any

from django.core import validators
from django.db import models

from forebyg.core import crypto


class EncryptedTextField(models.TextField):
    """Text stored as an AES-GCM ciphertext bound to this model and field. It cannot be searched
    or ordered in the database; look things up through a blind index instead."""

    def __init__(self, *args: Any, plaintext_max_length: int | None = None, **kwargs: Any) -> None:
        self.plaintext_max_length = plaintext_max_length
        super().__init__(*args, **kwargs)
        if plaintext_max_length is not None:
            self.validators.append(validators.MaxLengthValidator(plaintext_max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.plaintext_max_length is not None:
            kwargs["plaintext_max_length"] = self.plaintext_max_length
        return name, path, args, kwargs

    @property
    def crypto_context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, context=self.crypto_context)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), context=self.crypto_context)

    def formfield(
        self,
        form_class: Any = None,
        choices_form_class: Any = None,
        **kwargs: Any,
    ) -> Any:
        if self.plaintext_max_length is not None:
            kwargs.setdefault("max_length", self.plaintext_max_length)
        return super().formfield(
            form_class=form_class, choices_form_class=choices_form_class, **kwargs
        )
