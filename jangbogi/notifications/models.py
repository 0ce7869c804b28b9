from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    CUSTOMER = "customer", "고객"
    MERCHANT = "merchant", "상인"
    CENTER = "center", "배송센터"


class Notification(models.Model):
    """Every message we sent (or failed to send), and the in-app copy staff see."""

    audience = models.CharField(max_length=10, choices=Audience.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    store_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    to_phone = models.CharField(max_length=20, blank=True)
    template = models.CharField(max_length=50)
    text = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    delivered = models.BooleanField(default=False)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"[{self.template}] {self.text[:30]}"
