import factory

from forebyg.accounts.models import Membership, User

PASSWORD = "korrekt-hest-batteri-haefteklamme"  # every factory user's password


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass memberships=[(organisation, role), ...] to give them roles."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.dk")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def memberships(self, create, extracted, **kwargs):
        for organisation, role in extracted or []:
            Membership.objects.get_or_create(user=self, organisation=organisation, role=role)
