from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Customers and staff.  Staff roles are markets.Membership rows, not flags here."""

    name = models.CharField("이름", max_length=50, blank=True)
    phone = models.CharField("휴대폰", max_length=20, blank=True)

    def display_name(self) -> str:
        return self.name or self.username
