from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from painwise.accounts.models import Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        Profile.objects.get_or_create(user=instance)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def notice_password_change(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """Mark a user whose password hash is about to change (browser, reset or command line alike)."""
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._painwise_password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def revoke_tokens_on_password_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new password ends every API token: whoever knew the old one may have made tokens with it."""
    if getattr(instance, "_painwise_password_changed", False):
        instance._painwise_password_changed = False
        from painwise.accounts.services import revoke_all_tokens

        revoke_all_tokens(user=instance, reason="password changed")
